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

    [LinuxOrMacOSFact("O_DIRECTORY, which makes a file fail, is known only there; elsewhere a file flushes like a folder")]
    public void Flush_RegularFile_RefusedAsNotADirectory()
    {
        // O_DIRECTORY makes open() fail with ENOTDIR for a file, which proves the flag's value is right for this CPU.
        var file = _directory.Combine("plain.txt");
        File.WriteAllText(file, "x");

        var error = Assert.Throws<IOException>(() => DirectorySync.Flush(file));

        Assert.Contains("errno 20", error.Message, StringComparison.Ordinal);
    }

    [UnixFact("on Windows a flush does nothing, so a missing folder is no error there")]
    public void Flush_MissingDirectory_Throws()
    {
        Assert.Throws<IOException>(() => DirectorySync.Flush(_directory.Combine("missing")));
    }
}
