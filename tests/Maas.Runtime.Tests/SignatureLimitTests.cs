using Maas.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Maas.Runtime.Tests;

/// <summary>
/// A tiny model may declare shapes of terabytes; warm-up fills every input with zeros, so the host must refuse such a
/// version before it builds the session, with a reason naming the tensor and the limit.
/// </summary>
public sealed class SignatureLimitTests
{
    [Theory]
    [InlineData(1_000_000L, 1_000_000L)] // 4 TB of FP32
    [InlineData(20_000L, 20_000L)] // 1.6 GB: small enough for one array, which warm-up would really allocate
    public async Task LoadAsync_DeclaredInputOverTheElementLimit_FailsNamingInputAndLimit(long rows, long columns)
    {
        long[] shape = [rows, columns];
        var source = new TestModelSource();
        var key = source.AddBytes("huge", 1, TinyOnnx.Identity(TinyOnnx.Float, shape), Signature(shape, shape));
        await using var host = TestHosts.Create(source);

        var error = await Assert.ThrowsAsync<MaasException>(() => host.LoadAsync(key, CancellationToken.None));

        Assert.Equal(ErrorCode.Unavailable, error.Code);
        Assert.Contains("input 'x'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"[{rows}, {columns}]", error.Message, StringComparison.Ordinal);
        Assert.Contains((64L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Equal(ModelLoadState.Unavailable, host.GetStatus(key).State);
        Assert.Equal(0, host.MemoryInUseBytes);
    }

    [Fact]
    public async Task LoadAsync_DeclaredOutputOverTheElementLimit_Fails()
    {
        var source = new TestModelSource();
        var key = source.AddBytes("out", 1, TinyOnnx.Reshape([-1, 4], [2, 3]), Signature([-1, 4], [2, 3]));
        await using var host = Create(source, maxTensorElements: 4);

        var error = await Assert.ThrowsAsync<MaasException>(() => host.LoadAsync(key, CancellationToken.None));

        Assert.Contains("output 'y'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_SymbolicDimensionsAndShapesAtTheLimit_LoadAndWarmUp()
    {
        var source = new TestModelSource();
        var exact = source.AddBytes("exact", 1, TinyOnnx.Identity(TinyOnnx.Float, [10, 100]), Signature([10, 100], [10, 100]));
        var symbolic = source.AddBytes("symbolic", 1, TinyOnnx.Identity(TinyOnnx.Float, [-1, 1000]), Signature([-1, 1000], [-1, 1000]));
        await using var host = Create(source, maxTensorElements: 1000);

        await host.LoadAsync(exact, CancellationToken.None);
        await host.LoadAsync(symbolic, CancellationToken.None);

        Assert.Equal(ModelLoadState.Ready, host.GetStatus(exact).State);
        Assert.Equal(ModelLoadState.Ready, host.GetStatus(symbolic).State);
    }

    [Fact]
    public void Check_ShapeWhoseProductOverflowsInt64_IsRefusedWithTheProduct()
    {
        long[] shape = [long.MaxValue, long.MaxValue, -1];

        var error = Assert.Throws<MaasException>(() => SignatureLimits.Check(Signature(shape, [1]), 1000));

        Assert.Equal(ErrorCode.InvalidModel, error.Code);
        Assert.Contains("85070591730234615847396907784232501249", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_EmptyTensor_IsAccepted()
    {
        SignatureLimits.Check(Signature([0, long.MaxValue], [0]), 1);
    }

    private static ModelSignature Signature(long[] input, long[] output) =>
        new([new TensorSpec("x", TensorDataType.FP32, input)], [new TensorSpec("y", TensorDataType.FP32, output)]);

    private static ModelHost Create(TestModelSource source, long maxTensorElements) =>
        new(new ModelHostOptions { IntraOpThreads = 1, MaxTensorElements = maxTensorElements }, source, TimeProvider.System, NullLoggerFactory.Instance);
}
