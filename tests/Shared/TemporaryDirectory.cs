namespace Maas.Testing;

/// <summary>
/// A fresh folder under the system's temporary folder, deleted with everything in it on dispose (read-only files and
/// folders included: the blob store makes its files read-only). For a path that must not exist yet, such as a data
/// folder the code under test creates (or must not create), take a child with <see cref="Combine"/>: it is not
/// created, and it goes with the folder.
/// </summary>
internal sealed class TemporaryDirectory : IDisposable
{
    /// <summary>Creates the folder, named <paramref name="prefix"/> and a random suffix (mode 0700 on Unix).</summary>
    public TemporaryDirectory(string prefix = "maas-tests-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder; nothing is created.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public override string ToString() => Path;

    /// <summary>Deletes the folder and everything in it; does nothing when it is gone already.</summary>
    public void Dispose()
    {
        if (!Directory.Exists(Path))
        {
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // Windows refuses to delete a read-only file, and Unix to empty a folder without write permission.
            MakeDeletable(new DirectoryInfo(Path));
            Directory.Delete(Path, recursive: true);
        }
    }

    private static void MakeDeletable(DirectoryInfo directory)
    {
        if (!OperatingSystem.IsWindows())
        {
            directory.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        }

        directory.Attributes &= ~FileAttributes.ReadOnly;
        foreach (var file in directory.EnumerateFiles())
        {
            file.Attributes &= ~FileAttributes.ReadOnly;
        }

        // A link is deleted, not followed: what it points to is not the test's to change.
        foreach (var child in directory.EnumerateDirectories().Where(d => d.LinkTarget is null))
        {
            MakeDeletable(child);
        }
    }
}
