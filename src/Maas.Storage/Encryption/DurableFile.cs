namespace Maas.Storage.Encryption;

/// <summary>
/// Replaces a small file atomically and durably: write a temporary file, fsync it, rename it over the target, fsync
/// the folder. A crash leaves the old content or the new, never a mix; the rename is the commit point.
/// </summary>
internal static class DurableFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> as described above.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="content">The whole new content.</param>
    /// <param name="temporaryPath">
    /// Where to write first, on the same volume; a stale file there is replaced. Either a random name in a folder swept
    /// at start-up, or a fixed name that the next write reuses.
    /// </param>
    /// <param name="mode">The new file's Unix permissions.</param>
    /// <param name="flushDirectory">
    /// <c>false</c> when the caller fsyncs the target folder itself, once after many replacements.
    /// </param>
    /// <param name="cancellationToken">Cancels before the rename; the temporary file is then removed.</param>
    public static async Task ReplaceAsync(
        string path, ReadOnlyMemory<byte> content, string temporaryPath, UnixFileMode mode, bool flushDirectory, CancellationToken cancellationToken)
    {
        var temporary = temporaryPath;
        try
        {
            // CreateNew after a delete, so the permissions below are the ones of a file this call made.
            File.Delete(temporary);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.Asynchronous };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode | UnixFileMode.UserWrite;
            }

            await using (var file = new FileStream(temporary, options))
            {
                await file.WriteAsync(content, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, mode);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        if (flushDirectory)
        {
            DirectorySync.Flush(Path.GetDirectoryName(path)!);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left for the start-up sweep of temporary files.
        }
    }
}
