using Maas.Onnx.Graphs;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Tests.Graphs;

public sealed class AutodiffElementwiseTests
{
    private const DataType D = DataType.Double;

    public static TheoryData<string, long[], long[], bool> BroadcastCases()
    {
        var data = new TheoryData<string, long[], long[], bool>();
        foreach (var op in new[] { "Add", "Sub", "Mul", "Div" })
        {
            data.Add(op, [3, 4], [3, 4], false);
            data.Add(op, [3, 4], [4], false);
            data.Add(op, [3, 4], [3, 1], false);
            data.Add(op, [3, 4], [], false);
            data.Add(op, [4], [3, 4], false);
            data.Add(op, [2, 3, 4], [3, 1], false);
            data.Add(op, [3, 4], [4], true);
            data.Add(op, [3, 4], [3, 1], true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BroadcastCases))]
    public void Gradients_BroadcastingBinaryOp_MatchFiniteDifferences(string op, long[] left, long[] right, bool symbolicBatch)
    {
        var a = GradientCheck.Input("a", D, left, 1);
        var bData = op == "Div"
            ? GradientCheck.AwayFromZero(Count(right), 2, 0.5, 1.5)
            : GradientCheck.Random(Count(right), 2);
        var b = new CheckInput("b", D, right, bData);
        if (symbolicBatch)
        {
            a = a with { Declared = [null, .. left.Skip(1).Select(d => (long?)d)] };
        }

        GradientCheck.Check((g, v) => g.Op1(op, [v[0], v[1]]), [a, b]);
    }

    [Theory]
    [InlineData("Neg")]
    [InlineData("Relu")]
    [InlineData("Tanh")]
    [InlineData("Sigmoid")]
    [InlineData("Exp")]
    [InlineData("Log")]
    [InlineData("Sqrt")]
    [InlineData("Abs")]
    [InlineData("Reciprocal")]
    [InlineData("Softplus")]
    [InlineData("Identity")]
    public void Gradients_UnaryOp_MatchFiniteDifferences(string op)
    {
        var positiveOnly = op is "Log" or "Sqrt";
        var data = positiveOnly
            ? GradientCheck.Random(12, 3, 0.2, 2)
            : GradientCheck.AwayFromZero(12, 3, 0.1, 2);
        GradientCheck.Check((g, v) => g.Op1(op, [v[0]]), [new CheckInput("x", D, [3, 4], data)]);
    }

    [Theory]
    [InlineData("Softmax", -1)]
    [InlineData("Softmax", 0)]
    [InlineData("LogSoftmax", 1)]
    [InlineData("LogSoftmax", 0)]
    public void Gradients_SoftmaxFamily_MatchFiniteDifferences(string op, long axis)
    {
        GradientCheck.Check(
            (g, v) => g.Op1(op, [v[0]], attributes: [Attr.Whole("axis", axis)]),
            [GradientCheck.Input("x", D, [3, 5], 4) with { Data = GradientCheck.Random(15, 4, -2, 2) }]);
    }

    [Fact]
    public void Gradients_Where_RoutesGradientByCondition()
    {
        GradientCheck.Check(
            (g, v) => g.Op1("Where", [g.Op1("Greater", [v[0], g.Constant(0, D)], type: DataType.Bool), v[1], v[2]]),
            [
                new CheckInput("c", D, [3, 4], GradientCheck.AwayFromZero(12, 5), false),
                GradientCheck.Input("a", D, [3, 4], 6),
                GradientCheck.Input("b", D, [4], 7),
            ]);
    }

    [Fact]
    public void Gradients_ValueUsedTwice_SumsContributions()
    {
        // f = x·x + tanh(x): the gradient 2x + (1 − tanh²x) needs both paths summed.
        var analytic = GradientCheck.Check(
            (g, v) => g.Op1("Add", [g.Op1("Mul", [v[0], v[0]]), g.Op1("Tanh", [v[0]])]),
            [GradientCheck.Input("x", D, [2, 3], 8)]);
        Assert.Contains(analytic[0], d => d != 0);
    }

    [Fact]
    public void Gradients_CastThroughFloat_PassesGradient()
    {
        GradientCheck.Check(
            (g, v) => g.Op1("Cast", [g.Op1("Tanh", [g.Op1("Cast", [v[0]], attributes: [Attr.Whole("to", (long)DataType.Float)], type: DataType.Float)])], attributes: [Attr.Whole("to", (long)D)], type: D),
            [GradientCheck.Input("x", D, [2, 3], 9)],
            epsilon: 1e-3,
            tolerance: 1e-3);
    }

    [Fact]
    public void Gradients_UnreachableParameter_AreZeros()
    {
        var g = new GraphBuilder("t");
        var x = g.Input("x", D, [2, 3]);
        var unused = g.Input("unused", D, [4]);
        var loss = g.Op1("ReduceSum", [g.Op1("Tanh", [x])], [], [Attr.Whole("keepdims", 0)]);
        var grads = Autodiff.Gradients(g, loss, [x, unused]);
        g.Output(grads[1], "g_unused");
        g.Output(loss, "loss");
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(Google.Protobuf.MessageExtensions.ToByteArray(g.ToModel()));
        var result = GradientCheck.Run(session, [GradientCheck.Input("x", D, [2, 3], 1), GradientCheck.Input("unused", D, [4], 2)], ["g_unused"]);
        Assert.Equal(new double[4], result[0]);
    }

    [Fact]
    public void Gradients_UnsupportedOp_ThrowsNotSupported()
    {
        var g = new GraphBuilder("t");
        var x = g.Input("x", D, [2, 3]);
        var loss = g.Op1("ReduceSum", [g.Op1("Erf", [x])], [], [Attr.Whole("keepdims", 0)]);
        var error = Assert.Throws<NotSupportedException>(() => Autodiff.Gradients(g, loss, [x]));
        Assert.Contains("Erf", error.Message, StringComparison.Ordinal);
    }

    private static int Count(long[] shape) => (int)shape.Aggregate(1L, (p, d) => p * d);
}
