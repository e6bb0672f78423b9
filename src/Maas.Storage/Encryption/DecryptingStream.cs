using System.Buffers;
using System.Security.Cryptography;
using Maas.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace Maas.Storage.Encryption;

/// <summary>
/// The plaintext of an encrypted blob as a read-only, seekable stream, one decrypted 1 MiB chunk in memory at a time.
/// </summary>
/// <remarks>
/// Every chunk's tag is checked before any of its bytes is returned. Read in order, the stream also hashes the
/// content and compares the SHA-256 with the digest before it returns the bytes of the last chunk: a reader that got
/// the final byte got verified content, and a reader of damaged content gets an
/// <see cref="Core.ErrorCode.IntegrityFailure"/> instead of bad bytes. (After a seek that skips chunks, only the tags
/// are checked; they alone already authenticate every byte under the blob's key.)
/// </remarks>
internal sealed class DecryptingStream : Stream
{
    private readonly SafeFileHandle _file;
    private readonly AesGcm _aes;
    private readonly byte[] _header;
    private readonly ChunkLayout _layout;
    private readonly string _digest;
    private readonly byte[] _expectedHash;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _plain;
    private readonly byte[] _cipher;
    private long _loadedChunk = -1;
    private int _loadedLength;
    private long _hashedChunks;
    private long _position;
    private string? _failure;
    private int _disposed;

    /// <summary>Takes ownership of <paramref name="file"/> and <paramref name="aes"/> (the blob's data key).</summary>
    public DecryptingStream(SafeFileHandle file, AesGcm aes, byte[] header, ChunkLayout layout, string digest)
    {
        _file = file;
        _aes = aes;
        _header = header;
        _layout = layout;
        _digest = digest;
        _expectedHash = Convert.FromHexString(BlobDigest.Hex(digest));
        _plain = ArrayPool<byte>.Shared.Rent(layout.ChunkSize);
        _cipher = ArrayPool<byte>.Shared.Rent(layout.ChunkSize + BlobFormat.TagSize);
    }

    public override bool CanRead => Volatile.Read(ref _disposed) == 0;

    public override bool CanSeek => Volatile.Read(ref _disposed) == 0;

    public override bool CanWrite => false;

    public override long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            return _layout.ContentLength;
        }
    }

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    /// <summary>
    /// Decrypts the first chunk now, so a blob damaged at its start, or sealed under another key, fails before the
    /// caller commits to streaming it (a download can still answer with an error instead of a cut-off body).
    /// </summary>
    public void LoadFirstChunk()
    {
        ReadCiphertext(0);
        Decrypt(0);
    }

    /// <inheritdoc cref="LoadFirstChunk"/>
    public async Task LoadFirstChunkAsync(CancellationToken cancellationToken)
    {
        await ReadCiphertextAsync(0, cancellationToken);
        Decrypt(0);
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ThrowIfFailed();
        if (buffer.IsEmpty || _position >= _layout.ContentLength)
        {
            return 0;
        }

        var index = _position / _layout.ChunkSize;
        if (index != _loadedChunk)
        {
            ReadCiphertext(index);
            Decrypt(index);
        }

        return CopyOut(index, buffer);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ThrowIfFailed();
        if (buffer.IsEmpty || _position >= _layout.ContentLength)
        {
            return 0;
        }

        var index = _position / _layout.ChunkSize;
        if (index != _loadedChunk)
        {
            await ReadCiphertextAsync(index, cancellationToken);
            Decrypt(index);
        }

        return CopyOut(index, buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _layout.ContentLength + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException("An attempt was made to move the position before the beginning of the stream.");
        }

        _position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("A stored blob is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A stored blob is read-only.");

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && disposing)
        {
            _file.Dispose();
            _aes.Dispose();
            _hash.Dispose();

            // The plaintext buffer goes back to a shared pool: clear it so no model bytes outlive the stream there.
            ArrayPool<byte>.Shared.Return(_plain, clearArray: true);
            ArrayPool<byte>.Shared.Return(_cipher);
        }

        base.Dispose(disposing);
    }

    private int CopyOut(long index, Span<byte> buffer)
    {
        var offset = (int)(_position - (index * _layout.ChunkSize));
        var count = Math.Min(buffer.Length, _loadedLength - offset);
        _plain.AsSpan(offset, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    private void ReadCiphertext(long index)
    {
        var length = _layout.LengthOf(index) + BlobFormat.TagSize;
        var offset = _layout.OffsetOf(index);
        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(_file, _cipher.AsSpan(read, length - read), offset + read);
            if (n == 0)
            {
                throw EndedEarly(index);
            }

            read += n;
        }
    }

    private async ValueTask ReadCiphertextAsync(long index, CancellationToken cancellationToken)
    {
        var length = _layout.LengthOf(index) + BlobFormat.TagSize;
        var offset = _layout.OffsetOf(index);
        var read = 0;
        while (read < length)
        {
            var n = await RandomAccess.ReadAsync(_file, _cipher.AsMemory(read, length - read), offset + read, cancellationToken);
            if (n == 0)
            {
                throw EndedEarly(index);
            }

            read += n;
        }
    }

    private void Decrypt(long index)
    {
        _loadedChunk = -1;
        var length = _layout.LengthOf(index);
        var final = index == _layout.ChunkCount - 1;
        Span<byte> nonce = stackalloc byte[BlobFormat.NonceSize];
        Span<byte> associatedData = stackalloc byte[BlobFormat.AssociatedDataSize];
        BlobFormat.WriteNonce(_header, index, nonce);
        BlobFormat.WriteAssociatedData(_header, index, final, associatedData);
        try
        {
            _aes.Decrypt(nonce, _cipher.AsSpan(0, length), _cipher.AsSpan(length, BlobFormat.TagSize), _plain.AsSpan(0, length), associatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw Fail($"chunk {index + 1} of {_layout.ChunkCount} does not authenticate (its bytes or the header were altered, or chunks were cut, reordered or swapped)");
        }

        if (index == _hashedChunks)
        {
            _hash.AppendData(_plain, 0, length);
            _hashedChunks++;
            if (final)
            {
                Span<byte> actual = stackalloc byte[32];
                _hash.GetHashAndReset(actual);
                if (!CryptographicOperations.FixedTimeEquals(actual, _expectedHash))
                {
                    CryptographicOperations.ZeroMemory(_plain.AsSpan(0, length));
                    throw Fail("its content does not hash to its digest");
                }
            }
        }

        _loadedChunk = index;
        _loadedLength = length;
    }

    private Core.MaasException EndedEarly(long index) => Fail($"the file ends inside chunk {index + 1} of {_layout.ChunkCount}");

    // A failure sticks: reading on after an error must not hand out the bytes that were just refused.
    private Core.MaasException Fail(string reason)
    {
        _failure = reason;
        return BlobIntegrity.Failure(_digest, reason);
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            throw BlobIntegrity.Failure(_digest, _failure);
        }
    }
}
