using System.Buffers.Binary;

namespace Maas.Server.Training.Worker;

/// <summary>
/// One side of the pipe pair between the server and a training worker: reads frames from one stream and writes them to
/// the other. Writes are serialised, so the training thread's reports and an acknowledgement never interleave.
/// </summary>
/// <param name="input">The stream frames arrive on.</param>
/// <param name="output">The stream frames leave by.</param>
/// <param name="maxFrameBytes">The largest payload accepted; a longer frame is a protocol error, not an allocation.</param>
internal sealed class WorkerChannel(Stream input, Stream output, long maxFrameBytes) : IDisposable
{
    private const int HeaderBytes = 5;
    private readonly SemaphoreSlim _writing = new(1, 1);

    /// <summary>Writes one frame and flushes it.</summary>
    public async Task WriteAsync(WorkerFrameType type, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var header = Header(type, payload.Length);
        await _writing.WaitAsync(cancellationToken);
        try
        {
            await output.WriteAsync(header, cancellationToken);
            await output.WriteAsync(payload, cancellationToken);
            await output.FlushAsync(cancellationToken);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Writes one frame from a thread that must not return before it is sent (the trainer's).</summary>
    public void Write(WorkerFrameType type, ReadOnlySpan<byte> payload)
    {
        var header = Header(type, payload.Length);
        _writing.Wait();
        try
        {
            output.Write(header);
            output.Write(payload);
            output.Flush();
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>
    /// The next frame, or <c>null</c> when the other side closed the stream between two frames.
    /// </summary>
    /// <exception cref="InvalidDataException">A frame is cut short, of an unknown kind, or longer than the limit.</exception>
    public async Task<(WorkerFrameType Type, byte[] Payload)?> ReadAsync(CancellationToken cancellationToken)
    {
        var header = new byte[HeaderBytes];
        var read = await input.ReadAtLeastAsync(header, HeaderBytes, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return null;
        }

        if (read < HeaderBytes)
        {
            throw new InvalidDataException("the stream ended inside a frame header");
        }

        var type = (WorkerFrameType)header[0];
        if (!Enum.IsDefined(type))
        {
            throw new InvalidDataException($"unknown frame kind {header[0]}");
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(1));
        if (length > maxFrameBytes || length > Array.MaxLength)
        {
            throw new InvalidDataException($"a {type} frame of {length} bytes is over the limit of {maxFrameBytes}");
        }

        var payload = new byte[length];
        if (await input.ReadAtLeastAsync(payload, payload.Length, throwOnEndOfStream: false, cancellationToken) < payload.Length)
        {
            throw new InvalidDataException($"the stream ended inside a {type} frame");
        }

        return (type, payload);
    }

    public void Dispose() => _writing.Dispose();

    private static byte[] Header(WorkerFrameType type, int length)
    {
        var header = new byte[HeaderBytes];
        header[0] = (byte)type;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(1), (uint)length);
        return header;
    }
}
