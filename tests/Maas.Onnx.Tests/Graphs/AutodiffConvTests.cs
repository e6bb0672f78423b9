using Maas.Onnx.Graphs;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Tests.Graphs;

/// <summary>Conv and MaxPool run in float only on the CPU: larger steps and looser tolerances.</summary>
public sealed class AutodiffConvTests
{
    private const DataType F = DataType.Float;

    [Theory]
    [InlineData(6, 1, 0, true)]
    [InlineData(6, 2, 1, true)] // output_padding 1 for dX, Slice for dW
    [InlineData(7, 2, 1, false)] // output_padding 0
    [InlineData(5, 1, 1, true)]
    public void Gradients_Conv2D_MatchFiniteDifferences(long size, int stride, int padding, bool bias)
    {
        var inputs = new List<CheckInput>
        {
            GradientCheck.Input("x", F, [2, 2, size, size], 1) with { Declared = [null, 2, size, size] },
            GradientCheck.Input("w", F, [3, 2, 3, 3], 2),
        };
        if (bias)
        {
            inputs.Add(GradientCheck.Input("b", F, [3], 3));
        }

        GradientCheck.Check(
            (g, v) => Layers.Conv2D(g, v[0], v[1], bias ? v[2] : null, stride, padding),
            inputs,
            epsilon: 1e-2,
            tolerance: 2e-3);
    }

    [Fact]
    public void Gradients_MaxPool2x2_MatchFiniteDifferences()
    {
        // A permutation of well-separated values: no ties, and a ±1e-2 step never changes a window's argmax.
        var count = 2 * 3 * 4 * 4;
        var order = GradientCheck.Random(count, 5).Select((r, i) => (r, i)).OrderBy(p => p.r).Select(p => p.i).ToArray();
        var data = new double[count];
        for (var rank = 0; rank < count; rank++)
        {
            data[order[rank]] = (rank - (count / 2)) * 0.1;
        }

        GradientCheck.Check(
            (g, v) => Layers.MaxPool2x2(g, v[0]),
            [new CheckInput("x", F, [2, 3, 4, 4], data) { Declared = [null, 3, 4, 4] }],
            epsilon: 1e-2,
            tolerance: 2e-3);
    }

    [Fact]
    public void Gradients_ConvReluPoolDense_MatchFiniteDifferences()
    {
        // A small CNN end to end: Conv → Relu → MaxPool → Flatten → Gemm, away from Relu kinks by construction of the bias.
        GradientCheck.Check(
            (g, v) =>
            {
                var conv = g.Op1("Relu", [Layers.Conv2D(g, v[0], v[1], v[2], 1, 1)]);
                var pooled = g.Op1("Flatten", [Layers.MaxPool2x2(g, conv)], attributes: [Attr.Whole("axis", 1)]);
                return Layers.Dense(g, pooled, v[3], null);
            },
            [
                GradientCheck.Input("x", F, [2, 1, 4, 4], 1) with { Declared = [null, 1, 4, 4] },
                GradientCheck.Input("w", F, [2, 1, 3, 3], 2),
                new CheckInput("b", F, [2], [3, 3]),
                GradientCheck.Input("d", F, [8, 3], 4),
            ],
            epsilon: 1e-3,
            tolerance: 3e-3);
    }
}
