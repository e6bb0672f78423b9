using Maas.Core.Training;
using Maas.Training.Data;
using Maas.Training.Spec;

namespace Maas.Training.Tests.Spec;

public sealed class JobMemoryEstimateTests
{
    /// <summary>The digits fixture's profile: 64 numeric pixel columns and a ten-class numeric target, 1,797 rows.</summary>
    private static readonly DatasetVersionInfo Digits = new(
        "digits",
        1,
        "sha256:00",
        0,
        DateTimeOffset.UnixEpoch,
        1797,
        [.. Enumerable.Range(0, 64).Select(i => Numeric("p" + i, 17)), Numeric("label", 10)]);

    private static readonly TrainingSpec Mlp = new()
    {
        Dataset = "digits",
        Target = "label",
        Model = new ModelSpec { Kind = ModelKind.Mlp, Hidden = [32] },
        Optimizer = new OptimizerSpec { Kind = OptimizerKind.Sgd },
        BatchSize = 32,
        Register = "digits-mlp",
    };

    [Fact]
    public void For_PaddingThatGrowsTheImage_IsFarOverTheDefaultLimit()
    {
        // Every layer pads by kernel − 1, so the 8×8 image grows by 14 pixels a layer, to 456×456 after 32 layers.
        var spec = Mlp with
        {
            Model = new ModelSpec
            {
                Kind = ModelKind.Cnn,
                Cnn = new CnnSpec
                {
                    InputShape = [1, 8, 8],
                    Conv = [.. Enumerable.Repeat(new ConvLayerSpec { Filters = 8, Kernel = 15, Padding = 14 }, 32)],
                    Dense = [],
                },
            },
            BatchSize = 64,
        };

        var estimate = JobMemoryEstimate.For(spec, Digits);

        Assert.True(estimate.TotalBytes > new TrainingLimits().MaxJobMemoryBytes, estimate.Describe());
        Assert.True(estimate.ActivationBytes > 10 * estimate.ParameterBytes, estimate.Describe());
        Assert.StartsWith("dataset ", estimate.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void For_SmallMlp_CountsEveryPartFromTheShapes()
    {
        var estimate = JobMemoryEstimate.For(Mlp, Digits);

        // 64 inputs → 32 → 10 outputs: (64·32 + 32) + (32·10 + 10) parameters.
        const long Parameters = (64 * 32) + 32 + (32 * 10) + 10;
        Assert.Equal(3 * Parameters * 4, estimate.ParameterBytes);
        Assert.Equal(0, estimate.OptimizerBytes);
        Assert.Equal(1797L * 65 * DatasetMemory.NumericCellBytes, estimate.DatasetBytes);
        Assert.Equal(1797L * 65 * 4, estimate.FeatureBytes);
        Assert.Equal(JobMemoryEstimate.RuntimeAllowanceBytes, estimate.RuntimeBytes);

        // Per row: the input (64), the hidden layer and its activation (2·32), the outputs (10) and the loss's inputs
        // (2·10); evaluation runs every row at once, which is more than twice a 32-row batch.
        Assert.Equal((64 + 64 + 10 + 20) * 1797L * 4, estimate.ActivationBytes);
        Assert.True(estimate.TotalBytes < new TrainingLimits().MaxJobMemoryBytes);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0)]
    [InlineData(OptimizerKind.Momentum, 1)]
    [InlineData(OptimizerKind.Adam, 2)]
    [InlineData(OptimizerKind.AdamW, 2)]
    public void For_Optimizer_KeepsItsCopiesOfTheParameters(OptimizerKind kind, int copies)
    {
        var estimate = JobMemoryEstimate.For(Mlp with { Optimizer = new OptimizerSpec { Kind = kind } }, Digits);

        Assert.Equal(copies * estimate.ParameterBytes / 3, estimate.OptimizerBytes);
    }

    [Fact]
    public void For_Trees_CountsTheDataCopiesAndNoActivations()
    {
        var spec = Mlp with { Model = new ModelSpec { Kind = ModelKind.Gbdt, Gbdt = new GbdtSpec { Trees = 10, Leaves = 8 } } };

        var estimate = JobMemoryEstimate.For(spec, Digits);

        Assert.Equal(3 * estimate.FeatureBytes + (1797L * 64), estimate.ActivationBytes);
        Assert.Equal(0, estimate.OptimizerBytes);
    }

    private static DatasetColumn Numeric(string name, long distinct) =>
        new(name, DatasetColumnKind.Numeric, 1797, 0, 0, 1, 0, 16, distinct, []);
}
