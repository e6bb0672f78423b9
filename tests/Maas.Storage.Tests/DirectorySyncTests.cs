namespace Maas.Storage.Tests;

public sealed class DirectorySyncTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Flush_Directory_Succeeds()
    {
        DirectorySync.Flush(_directory.Path);
    }

    [Fact]
    public void Flush_RegularFile_RefusedAsNotADirectory()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        // O_DIRECTORY makes open() fail with ENOTDIR for a file, which proves the flag's value is right for this CPU.
        var file = _directory.Combine("plain.txt");
        File.WriteAllText(file, "x");

        var error = Assert.Throws<IOException>(() => DirectorySync.Flush(file));

        Assert.Contains("errno 20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flush_MissingDirectory_Throws()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Assert.Throws<IOException>(() => DirectorySync.Flush(_directory.Combine("missing")));
    }
}
