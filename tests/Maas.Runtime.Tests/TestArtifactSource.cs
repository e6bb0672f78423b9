using System.Collections.Concurrent;

namespace Maas.Runtime.Tests;

/// <summary>Serves artefacts by digest from files or byte arrays, counting opens; can hold opens until released.</summary>
internal sealed class TestArtifactSource : IModelArtifactSource
{
    private readonly ConcurrentDictionary<string, Func<Stream>> _artifacts = new();
    private readonly ConcurrentDictionary<string, int> _opens = new();
    private TaskCompletionSource? _gate;

    public ModelKey AddFile(string name, int version, string path, bool seekable = true)
    {
        var key = new ModelKey(name, version, Digest(name, version));
        _artifacts[key.Digest] = () => seekable ? File.OpenRead(path) : new ForwardOnlyStream(File.OpenRead(path));
        return key;
    }

    public ModelKey AddBytes(string name, int version, byte[] content)
    {
        var key = new ModelKey(name, version, Digest(name, version));
        _artifacts[key.Digest] = () => new MemoryStream(content, writable: false);
        return key;
    }

    public int Opens(ModelKey key) => _opens.GetValueOrDefault(key.Digest);

    /// <summary>Makes opens wait until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate?.TrySetResult();

    public async Task<Stream> OpenAsync(string digest, CancellationToken cancellationToken)
    {
        _opens.AddOrUpdate(digest, 1, (_, n) => n + 1);
        if (_gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return _artifacts.TryGetValue(digest, out var open)
            ? open()
            : throw Maas.Core.MaasException.NotFound($"No blob with digest {digest}.");
    }

    // Digests need not be real: the host only passes them back to the source.
    private static string Digest(string name, int version) =>
        "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{name}/{version}")));

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
