namespace Maas.Storage.Encryption;

/// <summary>Where the chunks of an encrypted blob lie, worked out from the file's length and the chunk size.</summary>
/// <param name="ChunkSize">The plaintext length of every chunk but the last.</param>
/// <param name="ChunkCount">How many chunks there are; at least one.</param>
/// <param name="LastChunkLength">The plaintext length of the last chunk, 0 to <paramref name="ChunkSize"/>.</param>
internal readonly record struct ChunkLayout(int ChunkSize, long ChunkCount, int LastChunkLength)
{
    /// <summary>The plaintext length of the whole blob.</summary>
    public long ContentLength => ((ChunkCount - 1) * ChunkSize) + LastChunkLength;

    /// <summary>
    /// The layout of a file of <paramref name="fileLength"/> bytes, or <c>false</c> when no sequence of sealed chunks
    /// can have that length (the file was cut inside a tag, or holds no chunk at all).
    /// </summary>
    public static bool TryCreate(long fileLength, int chunkSize, out ChunkLayout layout)
    {
        layout = default;
        var body = fileLength - BlobFormat.HeaderSize;
        if (body < BlobFormat.TagSize)
        {
            return false;
        }

        long stride = chunkSize + BlobFormat.TagSize;
        var full = body / stride;
        var rest = body % stride;
        if (rest is > 0 and < BlobFormat.TagSize)
        {
            return false;
        }

        var count = rest == 0 ? full : full + 1;
        var last = rest == 0 ? chunkSize : (int)(rest - BlobFormat.TagSize);
        if (count > BlobFormat.MaxChunks)
        {
            return false;
        }

        layout = new ChunkLayout(chunkSize, count, last);
        return true;
    }

    public int LengthOf(long chunkIndex) => chunkIndex == ChunkCount - 1 ? LastChunkLength : ChunkSize;

    public long OffsetOf(long chunkIndex) => BlobFormat.HeaderSize + (chunkIndex * (ChunkSize + (long)BlobFormat.TagSize));
}
