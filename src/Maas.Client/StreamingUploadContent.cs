using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace Maas.Client;

/// <summary>
/// A request body copied from a caller's stream in 1 MiB chunks, reporting the bytes sent so far, so that a
/// multi-gigabyte model is never held in memory. The stream is owned by the caller and is not disposed.
/// </summary>
internal sealed class StreamingUploadContent : HttpContent
{
    private const int ChunkBytes = 1024 * 1024;

    private readonly Stream _source;
    private readonly IProgress<long>? _progress;
    private readonly long _startPosition;
    private bool _started;

    public StreamingUploadContent(Stream source, IProgress<long>? progress)
    {
        _source = source;
        _progress = progress;
        _startPosition = source.CanSeek ? source.Position : -1;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Rewind();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            long sent = 0;
            int read;
            while ((read = await _source.ReadAsync(buffer.AsMemory(0, ChunkBytes), cancellationToken).ConfigureAwait(false)) > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                sent += read;
                _progress?.Report(sent);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _source.CanSeek ? _source.Length - _startPosition : 0;
        return _source.CanSeek;
    }

    // The handler may send the body a second time (a retry on a connection the server had closed): a seekable stream
    // starts over; a forward-only one cannot, and sending half a model would be worse than failing.
    private void Rewind()
    {
        if (_started)
        {
            if (!_source.CanSeek)
            {
                throw new InvalidOperationException("The upload stream cannot be sent twice because it is not seekable.");
            }

            _source.Position = _startPosition;
        }

        _started = true;
    }
}
