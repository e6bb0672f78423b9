using System.Security.Cryptography;
using Maas.Core;

namespace Maas.Storage;

/// <summary>
/// The upload side of staging: reads the content, enforcing the size limit as bytes arrive, hashing it and reporting
/// progress, into whole chunks for encryption.
/// </summary>
internal sealed class StagingSource(Stream content, long maxBytes, IProgress<long>? progress) : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>The bytes read so far.</summary>
    public long Size { get; private set; }

    /// <summary>
    /// Fills <paramref name="buffer"/> from the content; fewer bytes than its length means the content ended.
    /// Throws <see cref="ErrorCode.PayloadTooLarge"/> as soon as a byte past the limit arrives.
    /// </summary>
    public async ValueTask<int> FillAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            // Never ask for more than one byte past the limit, so an oversized upload is refused as soon as that byte
            // arrives rather than a buffer later. (Size never exceeds maxBytes here, so the subtraction cannot
            // overflow even for long.MaxValue.)
            var space = buffer.Length - filled;
            var remaining = maxBytes - Size;
            var wanted = remaining < space ? (int)remaining + 1 : space;
            var read = await content.ReadAsync(buffer.Slice(filled, wanted), cancellationToken);
            if (read == 0)
            {
                break;
            }

            Size += read;
            if (Size > maxBytes)
            {
                throw new MaasException(ErrorCode.PayloadTooLarge, $"The upload exceeds the limit of {maxBytes} bytes.");
            }

            _hash.AppendData(buffer.Span.Slice(filled, read));
            filled += read;
            progress?.Report(Size);
        }

        return filled;
    }

    /// <summary>The digest of everything read, once the content has ended.</summary>
    public string Digest() => Core.Storage.BlobDigest.FromHash(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();
}
