using Maas.Core;
using Maas.Core.Inference;
using Microsoft.Extensions.Logging.Abstractions;

namespace Maas.Runtime.Tests;

public sealed class ValidationTests
{
    private static readonly FixtureModel Mlp = FixtureModel.Get("breast_cancer_mlp");

    [Theory]
    [InlineData(new long[] { 1, 31 }, "FP32", "Input 'features' expects FP32 [-1, 30]; got FP32 [1, 31].")]
    [InlineData(new long[] { 30 }, "FP32", "Input 'features' expects FP32 [-1, 30]; got FP32 [30].")]
    [InlineData(new long[] { 1, 30 }, "INT64", "Input 'features' expects FP32 [-1, 30]; got INT64 [1, 30].")]
    public async Task InferAsync_InputNotMatchingTheSignature_FailsNamingInputExpectedAndActual(long[] shape, string datatype, string message)
    {
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        var tensor = datatype == "FP32" ? Tensors.Fp32("features", shape, new float[count]) : Tensors.Int64("features", shape, new long[count]);

        var error = await InferAsync([tensor]);

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task InferAsync_UnknownInput_FailsListingTheInputs()
    {
        var error = await InferAsync([Mlp.Inputs[0], Tensors.Fp32("extra", [1], [0f])]);

        Assert.Equal("The model has no input 'extra'; its inputs are 'features'.", error.Message);
    }

    [Fact]
    public async Task InferAsync_MissingInput_FailsNamingIt()
    {
        var error = await InferAsync([]);

        Assert.Equal("Input 'features' (FP32 [-1, 30]) is missing.", error.Message);
    }

    [Fact]
    public async Task InferAsync_DuplicateInput_Fails()
    {
        var error = await InferAsync([Mlp.Inputs[0], Mlp.Inputs[0]]);

        Assert.Equal("Input 'features' is given more than once.", error.Message);
    }

    [Fact]
    public async Task InferAsync_UnknownOutput_FailsListingTheOutputs()
    {
        var error = await InferAsync(Mlp.Inputs, ["logits"]);

        Assert.Equal("The model has no output 'logits'; its outputs are 'probability'.", error.Message);
    }

    [Fact]
    public async Task InferAsync_InvalidConfig_FailsWithASentence()
    {
        var source = new TestModelSource();
        var key = source.AddFile("mlp", 1, Mlp.Path, Mlp.Signature, new ModelRuntimeConfig(MaxBatchSize: 0));
        await using var host = TestHosts.Create(source);

        var error = await Assert.ThrowsAsync<MaasException>(() => host.InferAsync(key, Mlp.Inputs, null, CancellationToken.None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal("MaxBatchSize must be between 1 and 4096; got 0.", error.Message);
        Assert.Equal(0, host.LoadsStarted);
    }

    [Theory]
    [InlineData(4097, 2, 1, 0, 256, "MaxBatchSize")]
    [InlineData(8, 1001, 1, 0, 256, "MaxQueueDelay")]
    [InlineData(8, 2, 17, 0, 256, "InstanceCount")]
    [InlineData(8, 2, 1, 65, 256, "IntraOpThreads")]
    [InlineData(8, 2, 1, 0, 0, "MaxQueueSize")]
    public void Validate_SettingOutOfRange_NamesIt(int batch, int delayMs, int instances, int threads, int queue, string setting)
    {
        var config = new ModelRuntimeConfig(batch, TimeSpan.FromMilliseconds(delayMs), instances, threads, queue);

        var error = Assert.Throws<MaasException>(config.Validate);

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.StartsWith(setting + " must be between", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_Config_HasDocumentedValuesAndIsValid()
    {
        var config = ModelRuntimeConfig.Default;

        config.Validate();
        Assert.Equal((32, 1, 0, 256), (config.MaxBatchSize, config.InstanceCount, config.IntraOpThreads, config.MaxQueueSize));
        Assert.Equal(TimeSpan.Zero, config.QueueDelay);
    }

    [Theory]
    [InlineData(nameof(ModelHostOptions.GraphOptimizationLevel))]
    [InlineData(nameof(ModelHostOptions.MemoryBudgetBytes))]
    [InlineData(nameof(ModelHostOptions.IntraOpThreads))]
    public void Constructor_InvalidOptions_ThrowsNamingTheSetting(string setting)
    {
        var source = new TestModelSource();
        var options = setting switch
        {
            nameof(ModelHostOptions.GraphOptimizationLevel) => new ModelHostOptions { GraphOptimizationLevel = "max" },
            nameof(ModelHostOptions.MemoryBudgetBytes) => new ModelHostOptions { MemoryBudgetBytes = 0 },
            _ => new ModelHostOptions { IntraOpThreads = -1 },
        };

        var error = Assert.Throws<ArgumentException>(() => new ModelHost(options, source, TimeProvider.System, NullLoggerFactory.Instance));

        Assert.StartsWith(setting + " must be", error.Message, StringComparison.Ordinal);
    }

    // Validation happens before loading: the source here has the version's definition but no artefact at all, and nothing is loaded.
    private static async Task<MaasException> InferAsync(IReadOnlyList<InferTensor> inputs, IReadOnlyList<string>? outputs = null)
    {
        var source = new TestModelSource();
        var key = new ModelKey("mlp", 1, "sha256:" + new string('b', 64));
        source.Define(key, Mlp.Signature);
        await using var host = TestHosts.Create(source);
        var error = await Assert.ThrowsAsync<MaasException>(() => host.InferAsync(key, inputs, outputs, CancellationToken.None));
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal(0, host.LoadsStarted);
        return error;
    }
}
