using System.Collections.Concurrent;

namespace Maas.Runtime.Tests;

/// <summary>Records every observer call.</summary>
internal sealed class RecordingObserver : IInferenceObserver
{
    public ConcurrentQueue<InferenceOutcome> Inferences { get; } = new();

    public ConcurrentQueue<int> Batches { get; } = new();

    public ConcurrentQueue<int> QueueDepths { get; } = new();

    public void OnInference(ModelKey key, InferenceOutcome outcome) => Inferences.Enqueue(outcome);

    public void OnBatch(ModelKey key, int batchRows) => Batches.Enqueue(batchRows);

    public void OnQueueDepth(ModelKey key, int depth) => QueueDepths.Enqueue(depth);
}
