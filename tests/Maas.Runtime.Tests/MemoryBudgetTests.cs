using Maas.Core;

namespace Maas.Runtime.Tests;

public sealed class MemoryBudgetTests
{
    private static readonly FixtureModel Digits = FixtureModel.Get("digits_cnn");
    private static readonly long Estimate = Digits.Estimate(1);

    // What a seekable load reserves before it has read the artefact and counted its nodes.
    private static readonly long SizeOnlyEstimate = MemoryEstimator.EstimateBytes(Digits.ArtifactBytes, 0, 1);

    // Room for two copies of digits_cnn, not three.
    private static readonly long TwoModelBudget = (Estimate * 5) / 2;

    // On the manual clock a batching window never closes by itself, so the models not held busy run unbatched.
    private static readonly ModelRuntimeConfig Unbatched = new(MaxBatchSize: 1);

    [Fact]
    public async Task LoadAsync_ThirdModelOverBudget_EvictsTheLeastRecentlyUsedIdleOne()
    {
        var source = new TestModelSource();
        var (a, b, c) = (Add(source, "a"), Add(source, "b"), Add(source, "c"));
        await using var host = TestHosts.Create(source, memoryBudgetBytes: TwoModelBudget);
        await host.LoadAsync(a, CancellationToken.None);
        await host.LoadAsync(b, CancellationToken.None);
        await host.InferAsync(a, Digits.Inputs, null, CancellationToken.None);

        await host.LoadAsync(c, CancellationToken.None);

        var states = host.ListStatuses().ToDictionary(s => s.Key.Name, s => s.State);
        Assert.Equal(ModelLoadState.Ready, states["a"]);
        Assert.Equal(ModelLoadState.Unloaded, states["b"]);
        Assert.Equal(ModelLoadState.Ready, states["c"]);
        Assert.Equal(2 * Estimate, host.MemoryInUseBytes);
        Assert.Equal(0, host.GetStatus(b).MemoryBytes);
        Assert.NotNull(host.GetStatus(a).LastUsed);
    }

    [Fact]
    public async Task LoadAsync_LeastRecentlyUsedModelHasARequestInFlight_IsNotEvicted()
    {
        var source = new TestModelSource();
        var slow = new ModelRuntimeConfig(MaxBatchSize: 8, MaxQueueDelay: TimeSpan.FromSeconds(1));
        var (a, b, c) = (Add(source, "a", slow), Add(source, "b", Unbatched), Add(source, "c", Unbatched));
        var time = new ManualTimeProvider();
        await using var host = TestHosts.Create(source, time, TwoModelBudget);
        await host.LoadAsync(a, CancellationToken.None);
        await host.LoadAsync(b, CancellationToken.None);
        var inFlight = host.InferAsync(a, [Tensors.Rows(Digits.Inputs[0], 0, 1)], null, CancellationToken.None);
        await Poll.UntilAsync(() => time.PendingTimerCount == 1, "a's request is in its batching window");
        await host.InferAsync(b, Digits.Inputs, null, CancellationToken.None);

        await host.LoadAsync(c, CancellationToken.None);

        Assert.Equal(ModelLoadState.Ready, host.GetStatus(a).State);
        Assert.Equal(ModelLoadState.Unloaded, host.GetStatus(b).State);
        Assert.Equal(ModelLoadState.Ready, host.GetStatus(c).State);
        time.Advance(TimeSpan.FromSeconds(1));
        Tensors.AssertClose(Digits.ExpectedRow(0, 0), Tensors.ToFloats((await inFlight.WaitAsync(Poll.DefaultTimeout)).Outputs[0]), "a");
    }

    [Fact]
    public async Task LoadAsync_EveryLoadedModelBusy_WaitsUntilOneIsIdleThenEvictsIt()
    {
        await using var pair = await BusyPairAsync(null);
        var (host, time, a, b, c, busy) = (pair.Host, pair.Time, pair.A, pair.B, pair.C, pair.Busy);

        var load = host.LoadAsync(c, CancellationToken.None);
        await Poll.UntilAsync(() => time.PendingTimerCount == 3, "c's load waits for memory");

        Assert.False(load.IsCompleted);
        Assert.Equal(ModelLoadState.Loading, host.GetStatus(c).State);
        Assert.Equal(2 * Estimate, host.MemoryInUseBytes);
        time.Advance(TimeSpan.FromSeconds(1));
        await load.WaitAsync(Poll.DefaultTimeout);
        await Task.WhenAll(busy).WaitAsync(Poll.DefaultTimeout);
        Assert.Equal(ModelLoadState.Ready, host.GetStatus(c).State);
        Assert.Single(new[] { a, b }, k => host.GetStatus(k).State == ModelLoadState.Unloaded);
        Assert.Equal(2 * Estimate, host.MemoryInUseBytes);
    }

    [Fact]
    public async Task LoadAsync_EveryLoadedModelBusyPastTheWaitTimeout_FailsWithBudgetExceededAndEvictsNothing()
    {
        await using var pair = await BusyPairAsync(TimeSpan.FromMilliseconds(500));
        var (host, time, c, busy) = (pair.Host, pair.Time, pair.C, pair.Busy);
        var load = host.LoadAsync(c, CancellationToken.None);
        await Poll.UntilAsync(() => time.PendingTimerCount == 3, "c's load waits for memory");

        time.Advance(TimeSpan.FromMilliseconds(500));
        var error = await Assert.ThrowsAsync<MaasException>(() => load.WaitAsync(Poll.DefaultTimeout));

        Assert.Equal(ErrorCode.Unavailable, error.Code);
        Assert.Contains("memory budget", error.Message, StringComparison.Ordinal);
        Assert.Contains("became idle within 0.5 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(ModelLoadState.Unavailable, host.GetStatus(c).State);
        Assert.Equal(2 * Estimate, host.MemoryInUseBytes);
        time.Advance(TimeSpan.FromMilliseconds(500));
        await Task.WhenAll(busy).WaitAsync(Poll.DefaultTimeout);

        // Budget failures are not remembered: once a version is idle, the next request evicts it and loads.
        await host.InferAsync(c, Digits.Inputs, null, CancellationToken.None);
        Assert.Equal(ModelLoadState.Ready, host.GetStatus(c).State);
        Assert.Equal(2 * Estimate, host.MemoryInUseBytes);
    }

    [Fact]
    public async Task LoadAsync_EveryLoadedModelBusyAndNoWaitAllowed_FailsAtOnce()
    {
        await using var pair = await BusyPairAsync(TimeSpan.Zero);
        var (host, time, c, busy) = (pair.Host, pair.Time, pair.C, pair.Busy);

        var error = await Assert.ThrowsAsync<MaasException>(() => host.LoadAsync(c, CancellationToken.None));

        Assert.Contains("exceeded", error.Message, StringComparison.Ordinal);
        Assert.Equal(2 * Estimate, host.MemoryInUseBytes);
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(busy).WaitAsync(Poll.DefaultTimeout);
    }

    // Versions a and b loaded under a budget for two, each holding one single-row request in its batching window
    // until the manual clock moves; c is registered but not loaded.
    private static async Task<BusyPair> BusyPairAsync(TimeSpan? memoryWaitTimeout)
    {
        var source = new TestModelSource();
        var slow = new ModelRuntimeConfig(MaxBatchSize: 8, MaxQueueDelay: TimeSpan.FromSeconds(1));
        var (a, b, c) = (Add(source, "a", slow), Add(source, "b", slow), Add(source, "c", Unbatched));
        var time = new ManualTimeProvider();
        var host = TestHosts.Create(source, time, TwoModelBudget, memoryWaitTimeout: memoryWaitTimeout);
        await host.LoadAsync(a, CancellationToken.None);
        await host.LoadAsync(b, CancellationToken.None);
        var busy = new[] { a, b }
            .Select(k => (Task)host.InferAsync(k, [Tensors.Rows(Digits.Inputs[0], 0, 1)], null, CancellationToken.None))
            .ToArray();
        await Poll.UntilAsync(() => time.PendingTimerCount == 2, "both requests are in their batching windows");
        return new BusyPair(host, time, a, b, c, busy);
    }

    private static ModelKey Add(TestModelSource source, string name, ModelRuntimeConfig? config = null) =>
        source.AddFile(name, 1, Digits.Path, Digits.Signature, config);

    private sealed record BusyPair(ModelHost Host, ManualTimeProvider Time, ModelKey A, ModelKey B, ModelKey C, Task[] Busy) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task LoadAsync_ModelLargerThanTheWholeBudget_FailsWithAClearMessage(bool seekable)
    {
        var source = new TestModelSource();
        var key = source.AddFile("big", 1, Digits.Path, Digits.Signature, seekable: seekable);
        await using var host = TestHosts.Create(source, memoryBudgetBytes: Estimate / 2);

        var error = await Assert.ThrowsAsync<MaasException>(() => host.LoadAsync(key, CancellationToken.None));

        Assert.Equal(ErrorCode.Unavailable, error.Code);
        Assert.Equal(
            $"Model 'big' version 1 failed to load: it needs an estimated {(seekable ? SizeOnlyEstimate : Estimate)} bytes, more than the whole memory budget of {Estimate / 2} bytes.",
            error.Message);
        Assert.Equal(0, host.MemoryInUseBytes);
    }

    [Fact]
    public void EstimateBytes_Artifact_IsTwiceTheArtifactPlusOverheads()
    {
        Assert.Equal((2 * 1000) + (3 * 4096) + (8L << 20) + (2 * (8L << 20)), MemoryEstimator.EstimateBytes(1000, 3, 2));
    }
}
