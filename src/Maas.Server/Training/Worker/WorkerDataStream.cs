namespace Maas.Server.Training.Worker;

/// <summary>
/// The dataset CSV as the worker receives it: a read-only stream over the payloads of <see cref="WorkerFrameType.Data"/>
/// frames, ending at <see cref="WorkerFrameType.DataEnd"/>. The CSV reader parses it as it arrives, so the worker never
/// holds the file and its parsed table at once.
/// </summary>
internal sealed class WorkerDataStream(WorkerChannel channel) : Stream
{
    private byte[] _chunk = [];
    private int _offset;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _ended;

    /// <summary>Completes once the last frame of the dataset has been read; the channel is free for other frames then.</summary>
    public Task Completion => _completion.Task;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_offset == _chunk.Length)
        {
            if (_ended)
            {
                return 0;
            }

            var frame = await channel.ReadAsync(cancellationToken) ?? throw new InvalidDataException("the server closed the pipe inside the dataset");
            switch (frame.Type)
            {
                case WorkerFrameType.Data:
                    _chunk = frame.Payload;
                    _offset = 0;
                    break;
                case WorkerFrameType.DataEnd:
                    _ended = true;
                    _completion.TrySetResult();
                    break;
                default:
                    throw new InvalidDataException($"a {frame.Type} frame inside the dataset");
            }
        }

        var count = Math.Min(buffer.Length, _chunk.Length - _offset);
        _chunk.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The dataset stream is read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
