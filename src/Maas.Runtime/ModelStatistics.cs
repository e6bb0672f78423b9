namespace Maas.Runtime;

/// <summary>
/// The running counters behind <see cref="ModelStatisticsSnapshot"/> for one version. They outlive loads and
/// evictions, so the figures cover the host's whole life. Updates are rare next to an execution, so one lock is enough.
/// </summary>
internal sealed class ModelStatistics
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<int, BatchCounters> _batches = [];
    private long _lastInferenceUnixMs;
    private long _inferenceCount;
    private long _executionCount;
    private Counter _success;
    private Counter _fail;
    private Counter _queue;
    private Counter _computeInput;
    private Counter _computeInfer;
    private Counter _computeOutput;

    public void RecordExecution(int rows, TimeSpan input, TimeSpan infer, TimeSpan output)
    {
        lock (_lock)
        {
            _executionCount++;
            _inferenceCount += rows;
            if (!_batches.TryGetValue(rows, out var batch))
            {
                batch = new BatchCounters();
                _batches.Add(rows, batch);
            }

            batch.Input.Add(input);
            batch.Infer.Add(infer);
            batch.Output.Add(output);
        }
    }

    public void RecordSuccess(DateTimeOffset now, TimeSpan total, PendingRequest request)
    {
        lock (_lock)
        {
            _lastInferenceUnixMs = now.ToUnixTimeMilliseconds();
            _success.Add(total);
            _queue.Add(request.QueueTime);
            _computeInput.Add(request.ComputeInputTime);
            _computeInfer.Add(request.ComputeInferTime);
            _computeOutput.Add(request.ComputeOutputTime);
        }
    }

    public void RecordFailure(DateTimeOffset now, TimeSpan total)
    {
        lock (_lock)
        {
            _lastInferenceUnixMs = now.ToUnixTimeMilliseconds();
            _fail.Add(total);
        }
    }

    public ModelStatisticsSnapshot Snapshot(ModelKey key)
    {
        lock (_lock)
        {
            return new ModelStatisticsSnapshot(
                key,
                _lastInferenceUnixMs,
                _inferenceCount,
                _executionCount,
                _success.ToStat(),
                _fail.ToStat(),
                _queue.ToStat(),
                _computeInput.ToStat(),
                _computeInfer.ToStat(),
                _computeOutput.ToStat(),
                _batches.Select(b => new BatchStat(b.Key, b.Value.Input.ToStat(), b.Value.Infer.ToStat(), b.Value.Output.ToStat())).ToArray());
        }
    }

    public static ModelStatisticsSnapshot Empty(ModelKey key) => new ModelStatistics().Snapshot(key);

    private struct Counter
    {
        private long _count;
        private long _nanoseconds;

        public void Add(TimeSpan duration)
        {
            _count++;
            _nanoseconds += duration.Ticks * TimeSpan.NanosecondsPerTick;
        }

        public readonly DurationStat ToStat() => new(_count, _nanoseconds);
    }

    private sealed class BatchCounters
    {
        public Counter Input;
        public Counter Infer;
        public Counter Output;
    }
}
