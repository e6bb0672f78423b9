using Maas.Core;
using Maas.Core.Inference;
using Microsoft.Extensions.Logging.Abstractions;

namespace Maas.Runtime.Tests;

public sealed class TensorTypeTests
{
    [Fact]
    public async Task InferAsync_StringTensors_AreBatchedAndSplitByRow()
    {
        var source = new TestModelSource();
        var config = new ModelRuntimeConfig(MaxBatchSize: 3, MaxQueueDelay: TimeSpan.FromSeconds(1));
        var key = source.AddBytes("strings", 1, TinyOnnx.Identity(TinyOnnx.String, [-1, 2]), Signature(TensorDataType.BYTES, [-1, 2]), config);
        var time = new ManualTimeProvider();
        await using var host = TestHosts.Create(source, time);
        await host.LoadAsync(key, CancellationToken.None);

        var one = host.InferAsync(key, [new InferTensor("x", [1, 2], ["a", "ünïcødé"])], null, CancellationToken.None);
        var two = host.InferAsync(key, [new InferTensor("x", [2, 2], ["b", string.Empty, "c", "d"])], null, CancellationToken.None);
        await Task.WhenAll(one, two).WaitAsync(Poll.DefaultTimeout);

        var (oneOutput, twoOutput) = ((await one).Outputs[0], (await two).Outputs[0]);
        Assert.Equal(["a", "ünïcødé"], oneOutput.Strings!);
        Assert.Equal([1L, 2L], oneOutput.Shape);
        Assert.Equal(["b", string.Empty, "c", "d"], twoOutput.Strings!);
        Assert.Equal(TensorDataType.BYTES, twoOutput.Datatype);
        Assert.Equal(1, host.GetStatistics(key).ExecutionCount);
    }

    [Theory]
    [InlineData(TinyOnnx.Float16, TensorDataType.FP16)]
    [InlineData(TinyOnnx.BFloat16, TensorDataType.BF16)]
    public async Task InferAsync_HalfPrecisionTensors_PassTheirRawBytesThrough(int onnxType, TensorDataType datatype)
    {
        var source = new TestModelSource();
        var config = new ModelRuntimeConfig(MaxBatchSize: 2, MaxQueueDelay: TimeSpan.FromSeconds(1));
        var key = source.AddBytes("half", 1, TinyOnnx.Identity(onnxType, [-1, 3]), Signature(datatype, [-1, 3]), config);
        var time = new ManualTimeProvider();
        await using var host = TestHosts.Create(source, time);
        await host.LoadAsync(key, CancellationToken.None);
        byte[] first = [0x00, 0x3C, 0x00, 0xC0, 0xFF, 0x7B];
        byte[] second = [0x01, 0x00, 0x00, 0x80, 0x55, 0x35];

        var calls = new[] { first, second }
            .Select(b => host.InferAsync(key, [new InferTensor("x", datatype, [1, 3], b)], null, CancellationToken.None))
            .ToArray();
        var results = await Task.WhenAll(calls).WaitAsync(Poll.DefaultTimeout);

        Assert.Equal(first, results[0].Outputs[0].Data.ToArray());
        Assert.Equal(second, results[1].Outputs[0].Data.ToArray());
        Assert.Equal(datatype, results[0].Outputs[0].Datatype);
        Assert.Equal(1, host.GetStatistics(key).ExecutionCount);
    }

    [Fact]
    public async Task LoadAsync_WarmupFails_ReportsUnavailableWithTheReason()
    {
        // Reshape [n] to [3] fails for the warm-up's n = 1 but works for real requests of three elements.
        var source = new TestModelSource();
        var signature = new ModelSignature([new TensorSpec("x", TensorDataType.FP32, [-1])], [new TensorSpec("y", TensorDataType.FP32, [3])]);
        var key = source.AddBytes("reshape", 1, TinyOnnx.Reshape([-1], [3]), signature);
        await using var host = TestHosts.Create(source);

        var error = await Assert.ThrowsAsync<MaasException>(() => host.LoadAsync(key, CancellationToken.None));

        Assert.Equal(ErrorCode.Unavailable, error.Code);
        Assert.StartsWith("Model 'reshape' version 1 failed to load: The warm-up inference failed: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(ModelLoadState.Unavailable, host.GetStatus(key).State);
        Assert.Equal(0, host.MemoryInUseBytes);

        await using var withoutWarmup = new ModelHost(
            new ModelHostOptions { Warmup = false, IntraOpThreads = 1 }, source, TimeProvider.System, NullLoggerFactory.Instance);
        var result = await withoutWarmup.InferAsync(key, [Tensors.Fp32("x", [3], [1f, 2f, 3f])], null, CancellationToken.None);
        Assert.Equal([1f, 2f, 3f], Tensors.ToFloats(result.Outputs[0]));
    }

    private static ModelSignature Signature(TensorDataType datatype, long[] shape) =>
        new([new TensorSpec("x", datatype, shape)], [new TensorSpec("y", datatype, shape)]);
}
