using System.Security.Cryptography;
using Maas.Core;

namespace Maas.Storage.Encryption;

/// <summary>
/// A 256-bit master key, which wraps (AES-256-GCM) the data key of every blob. Its <see cref="Id"/> is the first 8
/// bytes of a SHA-256 over a label and the key: one-way, so it can be stored beside each wrapped key, shown and
/// logged, and tells which master key a blob needs.
/// </summary>
/// <remarks>
/// Disposing zeroes the key. A wrap or unwrap racing with the disposal of a retired key either completes first or
/// throws <see cref="ObjectDisposedException"/>, never works on zeroed bytes.
/// </remarks>
internal sealed class MasterKey : IDisposable
{
    public const int Size = 32;
    public const int IdSize = 8;

    private readonly byte[] _key;
    private readonly Lock _gate = new();
    private bool _disposed;

    private MasterKey(byte[] key)
    {
        _key = key;
        Span<byte> hash = stackalloc byte[32];
        using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            sha.AppendData("maas master key id v1\0"u8);
            sha.AppendData(key);
            sha.GetHashAndReset(hash);
        }

        Id = hash[..IdSize].ToArray();
        IdHex = Convert.ToHexStringLower(Id);
    }

    /// <summary>The key's identifier, stored with every data key it wraps.</summary>
    public byte[] Id { get; }

    /// <summary><see cref="Id"/> as 16 lower-case hex digits, for messages and logs.</summary>
    public string IdHex { get; }

    public static MasterKey Generate() => new(RandomNumberGenerator.GetBytes(Size));

    /// <summary>
    /// Reads base64 of exactly 32 bytes (surrounding whitespace allowed), or throws
    /// <see cref="ErrorCode.InvalidArgument"/> naming <paramref name="source"/> and never echoing the text.
    /// </summary>
    public static MasterKey Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var key = new byte[Size];
        Span<byte> decoded = stackalloc byte[Size + 3];
        if (Convert.TryFromBase64String(text.Trim(), decoded, out var written) && written == Size)
        {
            decoded[..Size].CopyTo(key);
            CryptographicOperations.ZeroMemory(decoded);
            return new MasterKey(key);
        }

        CryptographicOperations.ZeroMemory(decoded);
        throw MaasException.Invalid(
            $"{source} is not a valid master key: {BlobEncryptionOptions.MasterKeyRule}.");
    }

    /// <summary>
    /// Whether both hold the same key. Equal identifiers are taken to mean equal keys: two different random keys
    /// share a 64-bit identifier with a chance of 2^-64.
    /// </summary>
    public bool SameKeyAs(MasterKey other) => HasId(other.Id);

    public bool HasId(ReadOnlySpan<byte> id) => id.SequenceEqual(Id);

    /// <summary>A key from its 32 raw bytes (copied).</summary>
    public static MasterKey FromBytes(ReadOnlySpan<byte> key) =>
        key.Length == Size ? new MasterKey(key.ToArray()) : throw new ArgumentException("A master key is 32 bytes.", nameof(key));

    /// <summary>Copies the raw key into <paramref name="destination"/>, to be sealed under another key.</summary>
    public void CopyTo(Span<byte> destination)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _key.CopyTo(destination);
        }
    }

    /// <summary>The key as base64, only to be written to its own 0600 file.</summary>
    public string ToBase64()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Convert.ToBase64String(_key);
        }
    }

    /// <summary>Seals <paramref name="dataKey"/> under this key with a fresh random nonce.</summary>
    public void Wrap(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> associatedData, Span<byte> nonce, Span<byte> wrapped, Span<byte> tag)
    {
        RandomNumberGenerator.Fill(nonce);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var aes = new AesGcm(_key, BlobFormat.TagSize);
            aes.Encrypt(nonce, dataKey, wrapped, tag, associatedData);
        }
    }

    /// <summary>Opens a wrapped data key; <c>false</c> when the tag does not match (wrong key, or altered bytes).</summary>
    public bool TryUnwrap(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> dataKey)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var aes = new AesGcm(_key, BlobFormat.TagSize);
            try
            {
                aes.Decrypt(nonce, wrapped, tag, dataKey, associatedData);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                CryptographicOperations.ZeroMemory(dataKey);
                return false;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_key);
        }
    }
}
