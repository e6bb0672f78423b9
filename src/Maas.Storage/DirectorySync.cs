using System.Runtime.InteropServices;

namespace Maas.Storage;

/// <summary>
/// Flushes a directory's entries to disk. A rename or a new file lives in its directory, not in the file, and .NET
/// has no way to fsync a directory, so this calls libc's <c>open</c>, <c>fsync</c> and <c>close</c> directly.
/// </summary>
internal static partial class DirectorySync
{
    private const int EINTR = 4;

    /// <summary>
    /// Makes the directory's current entries durable. On Windows this does nothing: NTFS journals its metadata, and
    /// a directory cannot be opened for flushing there.
    /// </summary>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var descriptor = Open(directory, OpenFlags());
        if (descriptor < 0)
        {
            throw Failure("open", directory);
        }

        try
        {
            while (FSync(descriptor) != 0)
            {
                if (Marshal.GetLastPInvokeError() != EINTR)
                {
                    throw Failure("fsync", directory);
                }
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    // O_RDONLY is 0 everywhere; O_DIRECTORY and O_CLOEXEC differ by system, and on Linux O_DIRECTORY differs by CPU.
    // Where the values are not known, O_RDONLY alone still opens a directory.
    private static int OpenFlags()
    {
        if (OperatingSystem.IsLinux())
        {
            const int CloseOnExec = 0x80000;
            var directoryFlag = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Ppc64le
                ? 0x4000
                : 0x10000;
            return directoryFlag | CloseOnExec;
        }

        return OperatingSystem.IsMacOS() ? 0x100000 | 0x1000000 : 0;
    }

    private static IOException Failure(string call, string directory)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call}() failed for the directory '{directory}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
