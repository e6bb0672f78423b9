namespace Maas.Runtime.Tests;

public sealed class StatisticsTests
{
    [Fact]
    public async Task GetStatistics_NeverUsed_ReturnsZeros()
    {
        await using var host = TestHosts.Create(new TestModelSource());
        var key = new ModelKey("unused", 1, "sha256:" + new string('a', 64));

        var statistics = host.GetStatistics(key);

        Assert.Equal(key, statistics.Key);
        Assert.Equal(0, statistics.LastInferenceUnixMs);
        Assert.Equal(0, statistics.InferenceCount + statistics.ExecutionCount + statistics.Success.Count + statistics.Fail.Count);
        Assert.Empty(statistics.Batches);
        Assert.Equal(ModelLoadState.Unloaded, host.GetStatus(key).State);
    }

    [Fact]
    public async Task GetStatistics_AfterBatchedAndFailedRequests_CountsAddUp()
    {
        var fixture = FixtureModel.Get("breast_cancer_mlp");
        var source = new TestModelSource();
        var config = new ModelRuntimeConfig(MaxBatchSize: 4, MaxQueueDelay: TimeSpan.FromMilliseconds(10));
        var key = source.AddFile("mlp", 1, fixture.Path, fixture.Signature, config);
        var time = new ManualTimeProvider();
        var observer = new RecordingObserver();
        await using var host = TestHosts.Create(source, time, observer: observer);
        await host.LoadAsync(key, CancellationToken.None);

        // Four single rows fill one batch; a three-row request then waits out its window alone.
        var full = Enumerable.Range(0, 4)
            .Select(i => host.InferAsync(key, [Tensors.Rows(fixture.Inputs[0], i, 1)], null, CancellationToken.None))
            .ToArray();
        await Task.WhenAll(full).WaitAsync(Poll.DefaultTimeout);
        var alone = host.InferAsync(key, [Tensors.Rows(fixture.Inputs[0], 4, 3)], null, CancellationToken.None);
        await Poll.UntilAsync(() => { time.Advance(TimeSpan.FromMilliseconds(10)); return alone.IsCompleted; }, "the lone request ran");
        await alone;
        await Assert.ThrowsAsync<Maas.Core.MaasException>(() => host.InferAsync(key, [], null, CancellationToken.None));

        var statistics = host.GetStatistics(key);
        Assert.Equal(5, statistics.Success.Count);
        Assert.Equal(1, statistics.Fail.Count);
        Assert.Equal(7, statistics.InferenceCount);
        Assert.Equal(2, statistics.ExecutionCount);
        Assert.Equal([3, 4], statistics.Batches.Select(b => b.BatchSize));
        Assert.All(statistics.Batches, b => Assert.Equal(1, b.ComputeInfer.Count));
        Assert.Equal(statistics.InferenceCount, statistics.Batches.Sum(b => b.BatchSize * b.ComputeInfer.Count));
        Assert.Equal(statistics.ExecutionCount, statistics.Batches.Sum(b => b.ComputeInput.Count));
        Assert.Equal(5, statistics.Queue.Count);
        Assert.Equal(5, statistics.ComputeInput.Count);
        Assert.Equal(5, statistics.ComputeInfer.Count);
        Assert.Equal(5, statistics.ComputeOutput.Count);
        Assert.True(statistics.Queue.Nanoseconds >= TimeSpan.FromMilliseconds(10).Ticks * TimeSpan.NanosecondsPerTick);
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), statistics.LastInferenceUnixMs);

        Assert.Equal(6, observer.Inferences.Count);
        Assert.Equal(5, observer.Inferences.Count(o => o.Success));
        Assert.Equal([1, 1, 1, 1, 3], observer.Inferences.Where(o => o.Success).Select(o => o.Rows).Order());
        Assert.Equal([3, 4], observer.Batches.Order());
        Assert.NotEmpty(observer.QueueDepths);
        Assert.Equal(0, observer.QueueDepths.Last());
    }

    [Fact]
    public async Task InferAsync_ObserverThrows_RequestsStillSucceed()
    {
        var fixture = FixtureModel.Get("diabetes_linear");
        var source = new TestModelSource();
        var key = source.AddFile("diabetes", 1, fixture.Path, fixture.Signature);
        await using var host = TestHosts.Create(source, observer: new ThrowingObserver());

        var result = await host.InferAsync(key, fixture.Inputs, null, CancellationToken.None);

        Tensors.AssertClose(fixture.ExpectedOutputs[0].Data, Tensors.ToFloats(result.Outputs[0]), "diabetes");
        Assert.Equal(1, host.GetStatistics(key).Success.Count);
    }

    private sealed class ThrowingObserver : IInferenceObserver
    {
        public void OnInference(ModelKey key, InferenceOutcome outcome) => throw new InvalidOperationException("metrics down");

        public void OnBatch(ModelKey key, int batchRows) => throw new InvalidOperationException("metrics down");

        public void OnQueueDepth(ModelKey key, int depth) => throw new InvalidOperationException("metrics down");
    }
}
