using System.Buffers;
using System.Security.Cryptography;

namespace Maas.Storage.Encryption;

/// <summary>Seals content chunk by chunk into a blob file, after its header (see <see cref="BlobFormat"/>).</summary>
internal sealed class ChunkWriter : IDisposable
{
    private readonly Stream _file;
    private readonly AesGcm _aes;
    private readonly byte[] _header;
    private readonly byte[] _cipher;
    private long _index;
    private bool _finished;
    private int _disposed;

    public ChunkWriter(Stream file, ReadOnlySpan<byte> dataKey, byte[] header, int chunkSize)
    {
        _file = file;
        _aes = new AesGcm(dataKey, BlobFormat.TagSize);
        _header = header;
        _cipher = ArrayPool<byte>.Shared.Rent(chunkSize + BlobFormat.TagSize);
    }

    public ValueTask WriteHeaderAsync(CancellationToken cancellationToken) => _file.WriteAsync(_header, cancellationToken);

    /// <summary>Seals and writes the next chunk; <paramref name="final"/> marks the last one, which may be short or empty.</summary>
    public async ValueTask WriteChunkAsync(ReadOnlyMemory<byte> plaintext, bool final, CancellationToken cancellationToken)
    {
        if (_finished)
        {
            throw new InvalidOperationException("The final chunk was already written.");
        }

        if (_index >= BlobFormat.MaxChunks)
        {
            throw new InvalidOperationException("The content has more chunks than the format can number.");
        }

        var length = Seal(plaintext.Span, final);
        await _file.WriteAsync(_cipher.AsMemory(0, length), cancellationToken);
        _index++;
        _finished = final;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _aes.Dispose();
            ArrayPool<byte>.Shared.Return(_cipher);
        }
    }

    private int Seal(ReadOnlySpan<byte> plaintext, bool final)
    {
        Span<byte> nonce = stackalloc byte[BlobFormat.NonceSize];
        Span<byte> associatedData = stackalloc byte[BlobFormat.AssociatedDataSize];
        BlobFormat.WriteNonce(_header, _index, nonce);
        BlobFormat.WriteAssociatedData(_header, _index, final, associatedData);
        _aes.Encrypt(nonce, plaintext, _cipher.AsSpan(0, plaintext.Length), _cipher.AsSpan(plaintext.Length, BlobFormat.TagSize), associatedData);
        return plaintext.Length + BlobFormat.TagSize;
    }
}
