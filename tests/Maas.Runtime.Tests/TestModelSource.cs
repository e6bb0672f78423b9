using System.Collections.Concurrent;
using Maas.Core;
using Maas.Onnx;

namespace Maas.Runtime.Tests;

/// <summary>
/// Serves per-key definitions and artefacts by digest from files or byte arrays, counting definition reads and opens;
/// can hold opens until released. A definition may be replaced at any time, as a settings change in the registry is.
/// </summary>
internal sealed class TestModelSource : IModelSource
{
    private readonly ConcurrentDictionary<string, Func<Stream>> _artifacts = new();
    private readonly ConcurrentDictionary<ModelKey, ModelDefinition> _definitions = new();
    private readonly ConcurrentDictionary<string, int> _opens = new();
    private readonly ConcurrentDictionary<ModelKey, int> _definitionReads = new();
    private TaskCompletionSource? _gate;

    /// <summary>Registers a version served from a file; <paramref name="config"/> defaults to <see cref="ModelRuntimeConfig.Default"/>.</summary>
    public ModelKey AddFile(string name, int version, string path, ModelSignature signature, ModelRuntimeConfig? config = null, bool seekable = true)
    {
        var key = new ModelKey(name, version, Digest(name, version));
        _artifacts[key.Digest] = () => seekable ? File.OpenRead(path) : new ForwardOnlyStream(File.OpenRead(path));
        Define(key, signature, config);
        return key;
    }

    /// <summary>Registers a version served from bytes; <paramref name="config"/> defaults to <see cref="ModelRuntimeConfig.Default"/>.</summary>
    public ModelKey AddBytes(string name, int version, byte[] content, ModelSignature signature, ModelRuntimeConfig? config = null)
    {
        var key = new ModelKey(name, version, Digest(name, version));
        _artifacts[key.Digest] = () => new MemoryStream(content, writable: false);
        Define(key, signature, config);
        return key;
    }

    /// <summary>Sets or replaces the definition of <paramref name="key"/>, whose artefact may or may not exist.</summary>
    public void Define(ModelKey key, ModelSignature signature, ModelRuntimeConfig? config = null) =>
        _definitions[key] = new ModelDefinition(signature, config ?? ModelRuntimeConfig.Default);

    public int Opens(ModelKey key) => _opens.GetValueOrDefault(key.Digest);

    public int DefinitionReads(ModelKey key) => _definitionReads.GetValueOrDefault(key);

    /// <summary>Makes opens wait until <see cref="Release"/>; definition reads are not held.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate?.TrySetResult();

    public Task<ModelDefinition> GetDefinitionAsync(ModelKey key, CancellationToken cancellationToken)
    {
        _definitionReads.AddOrUpdate(key, 1, (_, n) => n + 1);
        return _definitions.TryGetValue(key, out var definition)
            ? Task.FromResult(definition)
            : throw MaasException.NotFound($"No version {key}.");
    }

    public async Task<Stream> OpenAsync(string digest, CancellationToken cancellationToken)
    {
        _opens.AddOrUpdate(digest, 1, (_, n) => n + 1);
        if (_gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return _artifacts.TryGetValue(digest, out var open)
            ? open()
            : throw MaasException.NotFound($"No blob with digest {digest}.");
    }

    public long CountGraphNodes(byte[] artifact) => OnnxModelInspector.CountNodes(artifact);

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
