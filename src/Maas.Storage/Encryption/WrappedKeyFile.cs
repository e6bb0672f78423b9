using System.Buffers.Binary;
using System.Text;

namespace Maas.Storage.Encryption;

/// <summary>
/// The file that holds one blob's data key, wrapped (AES-256-GCM) under a master key: <c>blobs/keys/ab/&lt;hex&gt;</c>
/// beside <c>blobs/sha256/ab/&lt;hex&gt;</c>.
/// </summary>
/// <remarks>
/// <code>
///  0  8  magic "MAASWKEY"
///  8  2  format version, big-endian (1)
/// 10  8  master key id
/// 18 12  nonce, random per wrap
/// 30 32  wrapped data key
/// 62 16  tag
/// associated data = bytes 0..18 ‖ the blob's header (24) ‖ the digest ("sha256:…", ASCII)
/// </code>
/// The associated data ties the wrapped key to its blob: moved beside another blob, or with its master key id edited,
/// it no longer opens. Keeping it out of the blob file lets a rotation replace it with one atomic rename while the
/// blob's own bytes are never written again.
/// </remarks>
internal static class WrappedKeyFile
{
    public const int Size = PrefixSize + NonceSize + BlobFormat.DataKeySize + BlobFormat.TagSize;
    public const ushort Version = 1;

    private const int PrefixSize = 18;
    private const int NonceSize = 12;
    private const int MaxAssociatedDataSize = PrefixSize + BlobFormat.HeaderSize + 128;

    public static ReadOnlySpan<byte> Magic => "MAASWKEY"u8;

    /// <summary>Wraps <paramref name="dataKey"/> under <paramref name="masterKey"/> for the blob with this header and digest.</summary>
    public static byte[] Create(MasterKey masterKey, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> header, string digest)
    {
        var file = new byte[Size];
        Magic.CopyTo(file);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(8), Version);
        masterKey.Id.CopyTo(file.AsSpan(10));
        Span<byte> associatedData = stackalloc byte[MaxAssociatedDataSize];
        var length = WriteAssociatedData(file, header, digest, associatedData);
        masterKey.Wrap(
            dataKey,
            associatedData[..length],
            file.AsSpan(PrefixSize, NonceSize),
            file.AsSpan(PrefixSize + NonceSize, BlobFormat.DataKeySize),
            file.AsSpan(PrefixSize + NonceSize + BlobFormat.DataKeySize, BlobFormat.TagSize));
        return file;
    }

    /// <summary>Whether the bytes have this format's size, magic and version.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> file) =>
        file.Length == Size && file[..Magic.Length].SequenceEqual(Magic) && BinaryPrimitives.ReadUInt16BigEndian(file[8..]) == Version;

    /// <summary>The id of the master key the data key is wrapped under; the file must be well formed.</summary>
    public static ReadOnlySpan<byte> MasterKeyId(ReadOnlySpan<byte> file) => file.Slice(10, MasterKey.IdSize);

    /// <summary>Unwraps the data key into <paramref name="dataKey"/>; <c>false</c> when the tag does not match.</summary>
    public static bool TryUnwrap(MasterKey masterKey, ReadOnlySpan<byte> file, ReadOnlySpan<byte> header, string digest, Span<byte> dataKey)
    {
        Span<byte> associatedData = stackalloc byte[MaxAssociatedDataSize];
        var length = WriteAssociatedData(file, header, digest, associatedData);
        return masterKey.TryUnwrap(
            file.Slice(PrefixSize, NonceSize),
            file.Slice(PrefixSize + NonceSize, BlobFormat.DataKeySize),
            file.Slice(PrefixSize + NonceSize + BlobFormat.DataKeySize, BlobFormat.TagSize),
            associatedData[..length],
            dataKey);
    }

    private static int WriteAssociatedData(ReadOnlySpan<byte> file, ReadOnlySpan<byte> header, string digest, Span<byte> associatedData)
    {
        file[..PrefixSize].CopyTo(associatedData);
        header[..BlobFormat.HeaderSize].CopyTo(associatedData[PrefixSize..]);
        var written = Encoding.ASCII.GetBytes(digest, associatedData[(PrefixSize + BlobFormat.HeaderSize)..]);
        return PrefixSize + BlobFormat.HeaderSize + written;
    }
}
