using Maas.Core;
using Maas.Core.Training;
using Maas.Training.Models;

namespace Maas.Training.Tests.Models;

public sealed class NetworkTests
{
    private static readonly ModelSpec DigitsCnn = new()
    {
        Kind = ModelKind.Cnn,
        Cnn = new CnnSpec
        {
            InputShape = [1, 8, 8],
            Conv = [new ConvLayerSpec { Filters = 16, Kernel = 3, Padding = 1, Pool = true }, new ConvLayerSpec { Filters = 32, Kernel = 3, Padding = 1, Pool = true }],
            Dense = [64],
        },
    };

    [Fact]
    public void Create_Cnn_HasTorchShapesAndParameterCount()
    {
        var network = Network.Create(DigitsCnn, 64, 10);

        // torch: Conv2d(1,16,3,p=1) 160; Conv2d(16,32,3,p=1) 4640; Linear(32·2·2, 64) 8256; Linear(64, 10) 650.
        Assert.Equal(160 + 4640 + 8256 + 650, network.ParameterCount);
        Assert.Equal([16L, 1, 3, 3], network.Parameters[0].Shape);
        Assert.Equal([64L, 128], network.Parameters[4].Shape);
        Assert.Equal(9, network.Parameters[0].FanIn);
    }

    [Fact]
    public void Create_Mlp_DropoutSitesFollowHiddenLayers()
    {
        var network = Network.Create(new ModelSpec { Kind = ModelKind.Mlp, Hidden = [32, 16], Dropout = 0.5 }, 30, 1);

        Assert.Equal([32, 16], network.DropoutWidths);
        Assert.Equal((30 * 32) + 32 + (32 * 16) + 16 + 16 + 1, network.ParameterCount);
        Assert.Equal(0.5f, network.DropoutRate);
    }

    [Fact]
    public void Create_KernelLargerThanImage_IsInvalidArgument()
    {
        var spec = DigitsCnn with { Cnn = DigitsCnn.Cnn! with { InputShape = [1, 2, 2], Conv = [new ConvLayerSpec { Filters = 2, Kernel = 5 }] } };

        var error = Assert.Throws<MaasException>(() => Network.Create(spec, 4, 2));
        Assert.Contains("model.cnn.conv[0].kernel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Initialize_SameSeed_SameWeights_WithinTorchBounds()
    {
        var network = Network.Create(new ModelSpec { Kind = ModelKind.Mlp, Hidden = [64] }, 30, 2);

        var first = network.Initialize(5);
        var again = network.Initialize(5);
        var other = network.Initialize(6);

        Assert.Equal(first, again);
        Assert.NotEqual(first[0], other[0]);
        var bound = 1 / Math.Sqrt(30);
        Assert.All(first[0], w => Assert.InRange(w, -bound, bound));
        Assert.All(first[1], w => Assert.InRange(w, -bound, bound));

        // Uniform: the spread should fill the interval, and the mean should be near zero.
        Assert.True(first[0].Max() > 0.9 * bound && first[0].Min() < -0.9 * bound);
        Assert.InRange(first[0].Average(), -0.02, 0.02);
    }

    [Fact]
    public void SeededRandom_ShuffleIsAPermutation_AndStreamsDiffer()
    {
        var items = Enumerable.Range(0, 100).ToArray();
        new SeededRandom(1, 1).Shuffle(items);
        var again = Enumerable.Range(0, 100).ToArray();
        new SeededRandom(1, 1).Shuffle(again);
        var other = Enumerable.Range(0, 100).ToArray();
        new SeededRandom(1, 2).Shuffle(other);

        Assert.Equal(Enumerable.Range(0, 100), items.Order());
        Assert.Equal(items, again);
        Assert.NotEqual(items, other);
        Assert.NotEqual(Enumerable.Range(0, 100), items);
    }
}
