using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Maas.Storage.Encryption;

/// <summary>
/// The on-disk layout of an encrypted blob: a 24-byte header, then the content in chunks, each AES-256-GCM ciphertext
/// followed by its 16-byte tag.
/// </summary>
/// <remarks>
/// <code>
/// header  0  8  magic "MAASBLOB"
///         8  2  format version, big-endian (1)
///        10  2  reserved, zero
///        12  4  chunk size in bytes, big-endian (1 MiB); every chunk but the last is this long
///        16  8  nonce prefix, random per blob
/// chunk i       ciphertext (chunk size, or less for the last) ‖ tag (16)
///               nonce = nonce prefix ‖ i (4 bytes, big-endian)
///               associated data = header (24) ‖ i (8 bytes, big-endian) ‖ final flag (1 byte, 1 on the last chunk)
/// </code>
/// Each blob has its own random data key, so the nonce can never repeat under a key. The associated data makes a
/// reordered chunk fail (its index differs), a truncated blob fail (its new last chunk was not sealed as final), an
/// extended one fail (the old final chunk is no longer last), and an edited header fail (every chunk binds it). Empty
/// content is one empty final chunk, so even it authenticates.
/// </remarks>
internal static class BlobFormat
{
    public const int HeaderSize = 24;
    public const ushort Version = 1;
    public const int DefaultChunkSize = 1 << 20;
    public const int TagSize = 16;
    public const int NonceSize = 12;
    public const int DataKeySize = 32;
    public const int AssociatedDataSize = HeaderSize + sizeof(long) + 1;

    // Bounds a reader accepts, so that a forged header cannot make it allocate without limit.
    public const int MinChunkSize = 1 << 10;
    public const int MaxChunkSize = 1 << 24;

    // The chunk index is 32 bits in the nonce: at 1 MiB a chunk that allows 4 PiB, far beyond any model.
    public const long MaxChunks = 1L << 32;

    private const int NoncePrefixSize = 8;

    public static ReadOnlySpan<byte> Magic => "MAASBLOB"u8;

    /// <summary>A fresh header with a random nonce prefix.</summary>
    public static byte[] CreateHeader(int chunkSize)
    {
        var header = new byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), (uint)chunkSize);
        RandomNumberGenerator.Fill(header.AsSpan(16, NoncePrefixSize));
        return header;
    }

    public static bool HasMagic(ReadOnlySpan<byte> header) => header.Length >= Magic.Length && header[..Magic.Length].SequenceEqual(Magic);

    public static ushort ReadVersion(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt16BigEndian(header[8..]);

    public static bool ReservedIsZero(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt16BigEndian(header[10..]) == 0;

    public static uint ReadChunkSize(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt32BigEndian(header[12..]);

    public static void WriteNonce(ReadOnlySpan<byte> header, long chunkIndex, Span<byte> nonce)
    {
        header.Slice(16, NoncePrefixSize).CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[NoncePrefixSize..], checked((uint)chunkIndex));
    }

    public static void WriteAssociatedData(ReadOnlySpan<byte> header, long chunkIndex, bool final, Span<byte> associatedData)
    {
        header[..HeaderSize].CopyTo(associatedData);
        BinaryPrimitives.WriteInt64BigEndian(associatedData[HeaderSize..], chunkIndex);
        associatedData[HeaderSize + sizeof(long)] = final ? (byte)1 : (byte)0;
    }
}
