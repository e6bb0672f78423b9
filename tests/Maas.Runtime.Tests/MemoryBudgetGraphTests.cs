using Google.Protobuf;
using Maas.Core;
using Maas.Onnx;
using Maas.Onnx.Tests;

namespace Maas.Runtime.Tests;

/// <summary>The budget against many-node graphs, whose cost is in ONNX Runtime's per-node structures, not in their bytes.</summary>
public sealed class MemoryBudgetGraphTests
{
    private const int ChainNodes = 2_000;
    private static readonly byte[] Chain = ReluGraphs.Chain(ChainNodes).ToByteArray();
    private static readonly ModelSignature Signature = OnnxModelInspector.Inspect(new MemoryStream(Chain)).Signature;

    // Spelled out rather than asked of the estimator, so a estimate that forgot the nodes fails here: 2 × bytes,
    // 4 KiB per node, 8 MiB per session and 8 MiB for its one instance.
    private static readonly long ChainEstimate = (2L * Chain.Length) + (ChainNodes * 4096L) + (16L << 20);

    [Fact]
    public async Task LoadAsync_ManyNodeGraphsUnderASmallBudget_HoldOnlyAsManyAsTheirNodesPayFor()
    {
        var source = new TestModelSource();
        var keys = Enumerable.Range(0, 4).Select(i => source.AddBytes($"chain{i}", 1, Chain, Signature)).ToList();
        var budget = (ChainEstimate * 5) / 2;
        await using var host = TestHosts.Create(source, memoryBudgetBytes: budget);

        foreach (var key in keys)
        {
            await host.LoadAsync(key, CancellationToken.None);
        }

        // By bytes alone (16 MiB each) three would fit; their 2 000 nodes each make it two.
        var ready = keys.Where(k => host.GetStatus(k).State == ModelLoadState.Ready).Select(k => k.Name).ToList();
        Assert.Equal(["chain2", "chain3"], ready);
        Assert.Equal(2 * ChainEstimate, host.MemoryInUseBytes);
        Assert.True(host.GetStatus(keys[3]).MemoryBytes >= ChainNodes * MemoryEstimator.NodeOverheadBytes);
    }

    [Fact]
    public async Task LoadAsync_GraphWhoseNodesAloneExceedTheBudget_IsRefusedWithoutCreatingASession()
    {
        const int nodes = 20_000;
        var source = new TestModelSource();
        var bytes = ReluGraphs.Chain(nodes).ToByteArray();
        var key = source.AddBytes("deep", 1, bytes, Signature);
        await using var host = TestHosts.Create(source, memoryBudgetBytes: 64L << 20);

        var error = await Assert.ThrowsAsync<MaasException>(() => host.LoadAsync(key, CancellationToken.None));

        var estimate = (2L * bytes.Length) + (nodes * 4096L) + (16L << 20);
        Assert.Contains($"it needs an estimated {estimate} bytes, more than the whole memory budget of {64L << 20} bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, host.MemoryInUseBytes);
    }

    [Fact]
    public async Task LoadAsync_LoadMeasuredAboveItsEstimate_CountsTheMeasurementAndEvictsToFit()
    {
        var source = new TestModelSource();
        var (a, b, c) = (source.AddBytes("a", 1, Chain, Signature), source.AddBytes("b", 1, Chain, Signature), source.AddBytes("c", 1, Chain, Signature));
        var growth = new ScriptedGrowth();
        await using var host = TestHosts.Create(source, memoryBudgetBytes: 3 * ChainEstimate, residentBytes: growth.Read);
        await host.LoadAsync(a, CancellationToken.None);
        await host.LoadAsync(b, CancellationToken.None);
        await host.InferAsync(a, [Tensors.Fp32("x", [1, 4], [1, -2, 3, -4])], null, CancellationToken.None);

        growth.NextLoadBytes = 2 * ChainEstimate;
        await host.LoadAsync(c, CancellationToken.None);

        Assert.Equal(2 * ChainEstimate, host.GetStatus(c).MemoryBytes);
        Assert.Equal(ModelLoadState.Ready, host.GetStatus(a).State);
        Assert.Equal(ModelLoadState.Unloaded, host.GetStatus(b).State);
        Assert.Equal(3 * ChainEstimate, host.MemoryInUseBytes);
    }

    [Fact]
    public async Task LoadAsync_LoadMeasuredBelowItsEstimate_KeepsTheEstimate()
    {
        var source = new TestModelSource();
        var key = source.AddBytes("a", 1, Chain, Signature);
        var growth = new ScriptedGrowth { NextLoadBytes = 1024 };
        await using var host = TestHosts.Create(source, residentBytes: growth.Read);

        await host.LoadAsync(key, CancellationToken.None);

        Assert.Equal(ChainEstimate, host.GetStatus(key).MemoryBytes);
    }

    [Fact]
    public async Task LoadAsync_TwoLoadsOverlapping_NeitherTakesTheMixedMeasurement()
    {
        var source = new TestModelSource();
        var (a, b) = (source.AddBytes("a", 1, Chain, Signature), source.AddBytes("b", 1, Chain, Signature));
        var overlap = new OverlappingProbe(afterBytes: 10 * ChainEstimate);
        await using var host = TestHosts.Create(source, residentBytes: overlap.Read);

        await Task.WhenAll(host.LoadAsync(a, CancellationToken.None), host.LoadAsync(b, CancellationToken.None)).WaitAsync(Poll.DefaultTimeout);

        Assert.True(overlap.Overlapped);
        Assert.Equal(ChainEstimate, host.GetStatus(a).MemoryBytes);
        Assert.Equal(ChainEstimate, host.GetStatus(b).MemoryBytes);
        Assert.Equal(2 * ChainEstimate, host.MemoryInUseBytes);
    }

    [Fact]
    public async Task LoadAsync_RealProcessMeasurement_AccountsAtLeastTheEstimate()
    {
        var source = new TestModelSource();
        var key = source.AddBytes("real", 1, Chain, Signature);
        await using var host = TestHosts.Create(source, residentBytes: ProcessMemory.ResidentBytes);

        await host.LoadAsync(key, CancellationToken.None);

        Assert.True(ProcessMemory.ResidentBytes() > 0);
        Assert.InRange(host.GetStatus(key).MemoryBytes, ChainEstimate, host.MemoryBudgetBytes);
        Assert.Equal(host.GetStatus(key).MemoryBytes, host.MemoryInUseBytes);
    }

    // Before and after each session creation: the process grows by NextLoadBytes, then stays.
    private sealed class ScriptedGrowth
    {
        private long _resident = 1L << 30;
        private bool _after;

        public long NextLoadBytes { get; set; }

        public long Read()
        {
            if (_after)
            {
                _resident += NextLoadBytes;
                NextLoadBytes = 0;
            }

            _after = !_after;
            return _resident;
        }
    }

    // Holds the first load's "before" reading until the second load has taken its own, so both creations overlap;
    // every reading after those two reports a large growth.
    private sealed class OverlappingProbe(long afterBytes)
    {
        private readonly TaskCompletionSource _secondArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public bool Overlapped { get; private set; }

        public long Read()
        {
            var call = Interlocked.Increment(ref _calls);
            if (call == 1)
            {
                Overlapped = _secondArrived.Task.Wait(Poll.DefaultTimeout);
                return 0;
            }

            if (call == 2)
            {
                _secondArrived.TrySetResult();
                return 0;
            }

            return afterBytes;
        }
    }
}
