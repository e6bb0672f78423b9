using System.Buffers;
using System.IO.Pipelines;
using Maas.Core;

namespace Maas.Server.Inference.Protocol.Rest;

/// <summary>Reads a whole request body into one array that decoded binary tensors may then slice without copying.</summary>
internal static class RequestBody
{
    /// <param name="body">The body to read to its end.</param>
    /// <param name="contentLength">The declared length, when there is one.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <param name="buffer">An array to read into when it can hold <paramref name="contentLength"/> bytes (a rented one, say); else one is allocated.</param>
    /// <exception cref="MaasException"><see cref="ErrorCode.PayloadTooLarge"/> past <paramref name="maxBytes"/>.</exception>
    public static async ValueTask<ReadOnlyMemory<byte>> ReadAsync(
        PipeReader body, long? contentLength, long maxBytes, CancellationToken cancellationToken, byte[]? buffer = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        maxBytes = Math.Min(maxBytes, Array.MaxLength);
        if (contentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        // With a known length the array is exact; a chunked body grows by doubling and keeps the slack.
        if (buffer is null || contentLength is not { } declared || buffer.Length < declared)
        {
            buffer = new byte[contentLength ?? Math.Min(maxBytes, 16 * 1024)];
        }

        var length = 0;
        while (true)
        {
            var result = await body.ReadAsync(cancellationToken);
            var sequence = result.Buffer;
            if (length + sequence.Length > maxBytes)
            {
                body.AdvanceTo(sequence.End);
                throw TooLarge(maxBytes);
            }

            if (length + sequence.Length > buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(maxBytes, Math.Max(buffer.Length * 2L, length + sequence.Length)));
            }

            sequence.CopyTo(buffer.AsSpan(length));
            length += (int)sequence.Length;
            body.AdvanceTo(sequence.End);
            if (result.IsCanceled)
            {
                throw new OperationCanceledException("Reading the request body was cancelled.", cancellationToken);
            }

            if (result.IsCompleted)
            {
                break;
            }
        }

        return buffer.AsMemory(0, length);
    }

    private static MaasException TooLarge(long maxBytes) =>
        new(ErrorCode.PayloadTooLarge, $"The request body is larger than the limit of {maxBytes} bytes.");
}
