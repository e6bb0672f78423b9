using Maas.Core;
using Maas.Core.Inference;

namespace Maas.Runtime.Tests;

public sealed class BatchingTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task InferAsync_ConcurrentSingleRows_RunAsOneBatchAndEachCallerGetsItsRows()
    {
        var fixture = FixtureModel.Get("breast_cancer_mlp");
        var source = new TestModelSource();
        var config = new ModelRuntimeConfig(MaxBatchSize: 8, MaxQueueDelay: Window);
        var batchedKey = source.AddFile("mlp", 1, fixture.Path, fixture.Signature, config);
        var unbatchedKey = source.AddFile("mlp", 2, fixture.Path, fixture.Signature, new ModelRuntimeConfig(MaxBatchSize: 1));
        var time = new ManualTimeProvider();
        await using var host = TestHosts.Create(source, time);
        var features = fixture.Inputs[0];
        var unbatched = new List<float[]>();
        for (var i = 0; i < 8; i++)
        {
            var alone = await host.InferAsync(unbatchedKey, [Tensors.Rows(features, i, 1)], null, CancellationToken.None);
            unbatched.Add(Tensors.ToFloats(alone.Outputs[0]));
        }

        await host.LoadAsync(batchedKey, CancellationToken.None);
        var calls = Enumerable.Range(0, 8)
            .Select(i => host.InferAsync(batchedKey, [Tensors.Rows(features, i, 1)], null, CancellationToken.None))
            .ToArray();
        var results = await Task.WhenAll(calls).WaitAsync(Poll.DefaultTimeout);

        for (var i = 0; i < 8; i++)
        {
            Assert.Equal([1L, 1L], results[i].Outputs[0].Shape);
            Tensors.AssertClose(unbatched[i], Tensors.ToFloats(results[i].Outputs[0]), $"row {i} against unbatched");
            Tensors.AssertClose(fixture.ExpectedRow(0, i), Tensors.ToFloats(results[i].Outputs[0]), $"row {i} against reference");
        }

        var statistics = host.GetStatistics(batchedKey);
        Assert.Equal(1, statistics.ExecutionCount);
        Assert.Equal(8, statistics.InferenceCount);
        var batch = Assert.Single(statistics.Batches);
        Assert.Equal(8, batch.BatchSize);
        Assert.Equal(8, host.GetStatistics(unbatchedKey).ExecutionCount);
    }

    [Fact]
    public async Task InferAsync_ConcurrentRequestsOnRealClock_ExecuteFewerTimesThanRequests()
    {
        var fixture = FixtureModel.Get("digits_cnn");
        var source = new TestModelSource();
        var config = new ModelRuntimeConfig(MaxBatchSize: 32, MaxQueueDelay: TimeSpan.FromMilliseconds(50));
        var key = source.AddFile("digits", 1, fixture.Path, fixture.Signature, config);
        await using var host = TestHosts.Create(source);
        await host.LoadAsync(key, CancellationToken.None);
        var image = fixture.Inputs[0];

        var calls = Enumerable.Range(0, 16)
            .Select(i => host.InferAsync(key, [Tensors.Rows(image, i % 8, 1)], null, CancellationToken.None))
            .ToArray();
        var results = await Task.WhenAll(calls);

        for (var i = 0; i < 16; i++)
        {
            Tensors.AssertClose(fixture.ExpectedRow(0, i % 8), Tensors.ToFloats(results[i].Outputs[0]), $"request {i}");
        }

        Assert.InRange(host.GetStatistics(key).ExecutionCount, 1, 15);
    }

    [Fact]
    public async Task InferAsync_NaturalBatchingAndAnIdleVersion_RunsOnTheCallersThreadWithoutWaiting()
    {
        var fixture = FixtureModel.Get("digits_cnn");
        var source = new TestModelSource();
        var key = source.AddFile("digits", 1, fixture.Path, fixture.Signature);
        await using var host = TestHosts.Create(source);
        await host.LoadAsync(key, CancellationToken.None);

        var call = host.InferAsync(key, [Tensors.Rows(fixture.Inputs[0], 3, 1)], null, CancellationToken.None);

        Assert.True(call.IsCompletedSuccessfully, "an idle version runs a lone request inline, with no hand-off to a worker");
        Tensors.AssertClose(fixture.ExpectedRow(0, 3), Tensors.ToFloats((await call).Outputs[0]), "inline");
        Assert.Equal(TimeSpan.Zero, ModelRuntimeConfig.Default.QueueDelay);
    }

    [Fact]
    public async Task InferAsync_NaturalBatchingUnderConcurrentLoad_EveryCallerGetsItsOwnRows()
    {
        var fixture = FixtureModel.Get("digits_cnn");
        var source = new TestModelSource();
        var key = source.AddFile("digits", 1, fixture.Path, fixture.Signature);
        await using var host = TestHosts.Create(source);
        await host.LoadAsync(key, CancellationToken.None);
        var image = fixture.Inputs[0];

        var calls = Enumerable.Range(0, 200)
            .Select(i => Task.Run(() => host.InferAsync(key, [Tensors.Rows(image, i % 8, 1)], null, CancellationToken.None)))
            .ToArray();
        var results = await Task.WhenAll(calls).WaitAsync(Poll.DefaultTimeout);

        for (var i = 0; i < results.Length; i++)
        {
            Tensors.AssertClose(fixture.ExpectedRow(0, i % 8), Tensors.ToFloats(results[i].Outputs[0]), $"request {i}");
        }

        var statistics = host.GetStatistics(key);
        Assert.Equal(200, statistics.InferenceCount);
        Assert.InRange(statistics.ExecutionCount, 1, 200);
    }

    [Fact]
    public async Task InferAsync_DifferentSequenceLengths_NeverShareABatchAndStayCorrect()
    {
        var fixture = FixtureModel.Get("text_encoder");
        var source = new TestModelSource();
        var config = new ModelRuntimeConfig(MaxBatchSize: 8, MaxQueueDelay: Window);
        var key = source.AddFile("encoder", 1, fixture.Path, fixture.Signature, config);

        // A second version over the same artefact, unbatched, gives the expected answers.
        var unbatchedKey = key with { Version = 2 };
        source.Define(unbatchedKey, fixture.Signature, new ModelRuntimeConfig(MaxBatchSize: 1));
        var time = new ManualTimeProvider();
        await using var host = TestHosts.Create(source, time);
        var ids = Tensors.ToLongs(fixture.Inputs[0]);
        var requests = new List<InferTensor>();
        foreach (var length in new[] { 16, 8, 12 })
        {
            for (var row = 0; row < 2; row++)
            {
                requests.Add(Tensors.Int64("input_ids", [1, length], ids.AsSpan(row * 16, length).ToArray()));
            }
        }

        // Interleave the lengths so compatible requests are not neighbours in the queue.
        requests = [requests[0], requests[2], requests[4], requests[1], requests[3], requests[5]];
        var expected = new List<float[]>();
        foreach (var request in requests)
        {
            var alone = await host.InferAsync(unbatchedKey, [request], null, CancellationToken.None);
            expected.Add(Tensors.ToFloats(alone.Outputs[0]));
        }

        await host.LoadAsync(key, CancellationToken.None);
        var calls = requests.Select(r => host.InferAsync(key, [r], null, CancellationToken.None)).ToArray();
        var all = Task.WhenAll(calls);
        await Poll.UntilAsync(() => { time.Advance(Window); return all.IsCompleted; }, "all requests completed");
        var results = await all;

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal([1L, 256L], results[i].Outputs[0].Shape);
            Tensors.AssertClose(expected[i], Tensors.ToFloats(results[i].Outputs[0]), $"request {i}");
        }

        Tensors.AssertClose(fixture.ExpectedRow(0, 0), Tensors.ToFloats(results[0].Outputs[0]), "full-length row 0 against reference");
        var statistics = host.GetStatistics(key);
        Assert.Equal(3, statistics.ExecutionCount);
        Assert.Equal(2, Assert.Single(statistics.Batches).BatchSize);
    }

    [Fact]
    public async Task InferAsync_BadValuesInOneRequestOfABatch_FailOnlyThatRequest()
    {
        var fixture = FixtureModel.Get("text_encoder");
        var source = new TestModelSource();
        var config = new ModelRuntimeConfig(MaxBatchSize: 4, MaxQueueDelay: Window);
        var key = source.AddFile("encoder", 1, fixture.Path, fixture.Signature, config);
        var time = new ManualTimeProvider();
        await using var host = TestHosts.Create(source, time);
        await host.LoadAsync(key, CancellationToken.None);
        var good = Tensors.Rows(fixture.Inputs[0], 0, 1);
        var bad = Tensors.Int64("input_ids", [1, 16], Enumerable.Repeat(1_000_000_000L, 16).ToArray());

        var calls = new[] { good, bad, good, good }
            .Select(t => host.InferAsync(key, [t], null, CancellationToken.None))
            .ToArray();
        await Task.WhenAny(Task.WhenAll(calls)).WaitAsync(Poll.DefaultTimeout);

        var failure = await Assert.ThrowsAsync<MaasException>(() => calls[1]);
        Assert.Contains("Model 'encoder' version 1 failed to run", failure.Message, StringComparison.Ordinal);
        foreach (var call in new[] { calls[0], calls[2], calls[3] })
        {
            Tensors.AssertClose(fixture.ExpectedRow(0, 0), Tensors.ToFloats((await call).Outputs[0]), "good request");
        }

        var statistics = host.GetStatistics(key);
        Assert.Equal(3, statistics.Success.Count);
        Assert.Equal(1, statistics.Fail.Count);
    }

    [Fact]
    public async Task InferAsync_InvalidRequestAmongGoodOnes_FailsAloneBeforeQueueing()
    {
        var fixture = FixtureModel.Get("breast_cancer_mlp");
        var source = new TestModelSource();
        var config = new ModelRuntimeConfig(MaxBatchSize: 2, MaxQueueDelay: Window);
        var key = source.AddFile("mlp", 1, fixture.Path, fixture.Signature, config);
        var time = new ManualTimeProvider();
        await using var host = TestHosts.Create(source, time);
        await host.LoadAsync(key, CancellationToken.None);

        var first = host.InferAsync(key, [Tensors.Rows(fixture.Inputs[0], 0, 1)], null, CancellationToken.None);
        var invalid = host.InferAsync(key, [Tensors.Fp32("features", [1, 31], new float[31])], null, CancellationToken.None);
        var second = host.InferAsync(key, [Tensors.Rows(fixture.Inputs[0], 1, 1)], null, CancellationToken.None);

        Assert.True(invalid.IsFaulted);
        var error = await Assert.ThrowsAsync<MaasException>(() => invalid);
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        await Task.WhenAll(first, second).WaitAsync(Poll.DefaultTimeout);
        Tensors.AssertClose(fixture.ExpectedRow(0, 0), Tensors.ToFloats((await first).Outputs[0]), "first");
        Tensors.AssertClose(fixture.ExpectedRow(0, 1), Tensors.ToFloats((await second).Outputs[0]), "second");
        Assert.Equal(1, host.GetStatistics(key).ExecutionCount);
    }

    [Fact]
    public async Task InferAsync_QueueFull_FailsAtOnceWithUnavailable()
    {
        var fixture = FixtureModel.Get("digits_cnn");
        var source = new TestModelSource();
        var config = new ModelRuntimeConfig(MaxBatchSize: 2, MaxQueueDelay: TimeSpan.FromSeconds(1), MaxQueueSize: 2);
        var key = source.AddFile("digits", 1, fixture.Path, fixture.Signature, config);
        var time = new ManualTimeProvider();
        await using var host = TestHosts.Create(source, time);
        await host.LoadAsync(key, CancellationToken.None);
        var oneRow = Tensors.Rows(fixture.Inputs[0], 0, 1);
        var twoRows = Tensors.Rows(fixture.Inputs[0], 0, 2);

        // The first request waits in the batching window; two-row requests cannot join it and stay queued.
        var waiting = host.InferAsync(key, [oneRow], null, CancellationToken.None);
        await Poll.UntilAsync(() => time.PendingTimerCount == 1, "the batching window opened");
        var queued = new[]
        {
            host.InferAsync(key, [twoRows], null, CancellationToken.None),
            host.InferAsync(key, [twoRows], null, CancellationToken.None),
        };
        var rejected = host.InferAsync(key, [oneRow], null, CancellationToken.None);

        Assert.True(rejected.IsCompleted);
        var error = await Assert.ThrowsAsync<MaasException>(() => rejected);
        Assert.Equal(ErrorCode.Unavailable, error.Code);
        Assert.Contains("queue", error.Message, StringComparison.Ordinal);
        Assert.Contains("full", error.Message, StringComparison.Ordinal);
        Assert.False(waiting.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll([waiting, .. queued]).WaitAsync(Poll.DefaultTimeout);
        Assert.Equal(3, host.GetStatistics(key).ExecutionCount);
    }

    [Fact]
    public async Task InferAsync_LoneRequest_RunsOnlyWhenTheQueueDelayHasElapsed()
    {
        var fixture = FixtureModel.Get("breast_cancer_mlp");
        var source = new TestModelSource();
        var config = new ModelRuntimeConfig(MaxBatchSize: 8, MaxQueueDelay: Window);
        var key = source.AddFile("mlp", 1, fixture.Path, fixture.Signature, config);
        var time = new ManualTimeProvider();
        await using var host = TestHosts.Create(source, time);
        await host.LoadAsync(key, CancellationToken.None);

        var call = host.InferAsync(key, [Tensors.Rows(fixture.Inputs[0], 3, 1)], null, CancellationToken.None);
        await Poll.UntilAsync(() => time.PendingTimerCount == 1, "the batching window opened");
        Assert.False(call.IsCompleted);

        time.Advance(Window - TimeSpan.FromMilliseconds(1));
        Assert.False(call.IsCompleted);
        Assert.Equal(0, host.GetStatistics(key).ExecutionCount);

        time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await call.WaitAsync(Poll.DefaultTimeout);
        Tensors.AssertClose(fixture.ExpectedRow(0, 3), Tensors.ToFloats(result.Outputs[0]), "row 3");
        var statistics = host.GetStatistics(key);
        Assert.Equal(1, statistics.ExecutionCount);
        Assert.Equal(Window.Ticks * TimeSpan.NanosecondsPerTick, statistics.Queue.Nanoseconds);
    }

    [Fact]
    public async Task InferAsync_RequestLargerThanMaxBatchSize_RunsAloneWithoutWaiting()
    {
        var fixture = FixtureModel.Get("breast_cancer_mlp");
        var source = new TestModelSource();
        var config = new ModelRuntimeConfig(MaxBatchSize: 4, MaxQueueDelay: Window);
        var key = source.AddFile("mlp", 1, fixture.Path, fixture.Signature, config);
        var time = new ManualTimeProvider();
        await using var host = TestHosts.Create(source, time);

        var result = await host.InferAsync(key, fixture.Inputs, null, CancellationToken.None).WaitAsync(Poll.DefaultTimeout);

        Tensors.AssertClose(fixture.ExpectedOutputs[0].Data, Tensors.ToFloats(result.Outputs[0]), "8 rows");
        Assert.Equal(8, Assert.Single(host.GetStatistics(key).Batches).BatchSize);
    }

    [Fact]
    public async Task InferAsync_CancelledWhileQueued_IsRemovedAndNeverRuns()
    {
        var fixture = FixtureModel.Get("digits_cnn");
        var source = new TestModelSource();
        var config = new ModelRuntimeConfig(MaxBatchSize: 2, MaxQueueDelay: TimeSpan.FromSeconds(1));
        var key = source.AddFile("digits", 1, fixture.Path, fixture.Signature, config);
        var time = new ManualTimeProvider();
        await using var host = TestHosts.Create(source, time);
        await host.LoadAsync(key, CancellationToken.None);
        var waiting = host.InferAsync(key, [Tensors.Rows(fixture.Inputs[0], 0, 1)], null, CancellationToken.None);
        await Poll.UntilAsync(() => time.PendingTimerCount == 1, "the batching window opened");
        using var cancellation = new CancellationTokenSource();
        var cancelled = host.InferAsync(key, [Tensors.Rows(fixture.Inputs[0], 0, 2)], null, cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        time.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(Poll.DefaultTimeout);
        var statistics = host.GetStatistics(key);
        Assert.Equal(1, statistics.InferenceCount);
        Assert.Equal(0, statistics.Fail.Count);
        Assert.True(await host.UnloadAsync(key, CancellationToken.None).WaitAsync(Poll.DefaultTimeout));
    }

    [Fact]
    public async Task InferAsync_BatchingDisabled_RunsEachRequestAloneWithinInstanceCount()
    {
        var fixture = FixtureModel.Get("diabetes_linear");
        var source = new TestModelSource();
        var config = new ModelRuntimeConfig(MaxBatchSize: 1, InstanceCount: 2);
        var key = source.AddFile("diabetes", 1, fixture.Path, fixture.Signature, config);
        await using var host = TestHosts.Create(source);

        var calls = Enumerable.Range(0, 8)
            .Select(i => host.InferAsync(key, [Tensors.Rows(fixture.Inputs[0], i, 1)], null, CancellationToken.None))
            .ToArray();
        var results = await Task.WhenAll(calls);

        for (var i = 0; i < 8; i++)
        {
            Tensors.AssertClose(fixture.ExpectedRow(0, i), Tensors.ToFloats(results[i].Outputs[0]), $"row {i}");
        }

        Assert.Equal(8, host.GetStatistics(key).ExecutionCount);
    }
}
