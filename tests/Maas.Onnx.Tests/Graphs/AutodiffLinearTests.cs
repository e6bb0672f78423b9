using Maas.Onnx.Graphs;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Tests.Graphs;

public sealed class AutodiffLinearTests
{
    private const DataType D = DataType.Double;

    [Fact]
    public void Gradients_MatMul2D_MatchFiniteDifferences() =>
        GradientCheck.Check(
            (g, v) => g.Op1("MatMul", [v[0], v[1]]),
            [GradientCheck.Input("a", D, [3, 4], 1), GradientCheck.Input("b", D, [4, 5], 2)]);

    [Fact]
    public void Gradients_MatMul3DBy2D_MatchFiniteDifferences() =>
        GradientCheck.Check(
            (g, v) => g.Op1("MatMul", [v[0], v[1]]),
            [GradientCheck.Input("a", D, [2, 3, 4], 1), GradientCheck.Input("b", D, [4, 5], 2)]);

    [Theory]
    [InlineData(0, 0, "row")]
    [InlineData(0, 1, "row")]
    [InlineData(1, 0, "full")]
    [InlineData(1, 1, "column")]
    [InlineData(0, 0, "scalar")]
    [InlineData(0, 1, "none")]
    public void Gradients_Gemm_MatchFiniteDifferences(long transA, long transB, string bias)
    {
        const long M = 3, K = 4, N = 5;
        long[] aShape = transA == 0 ? [M, K] : [K, M];
        long[] bShape = transB == 0 ? [K, N] : [N, K];
        var inputs = new List<CheckInput> { GradientCheck.Input("a", D, aShape, 1), GradientCheck.Input("b", D, bShape, 2) };
        long[]? cShape = bias switch
        {
            "row" => [N],
            "full" => [M, N],
            "column" => [M, 1],
            "scalar" => [],
            _ => null,
        };
        if (cShape is not null)
        {
            inputs.Add(GradientCheck.Input("c", D, cShape, 3));
        }

        GradientCheck.Check(
            (g, v) => g.Op1(
                "Gemm",
                v,
                attributes: [Attr.Whole("transA", transA), Attr.Whole("transB", transB), Attr.Real("alpha", 0.7f), Attr.Real("beta", 1.3f)]),
            inputs);
    }

    [Fact]
    public void Gradients_DenseWithSymbolicBatch_MatchFiniteDifferences() =>
        GradientCheck.Check(
            (g, v) => g.Op1("Tanh", [Layers.Dense(g, v[0], v[1], v[2])]),
            [
                GradientCheck.Input("x", D, [5, 3], 1) with { Declared = [null, 3] },
                GradientCheck.Input("w", D, [3, 2], 2),
                GradientCheck.Input("b", D, [2], 3),
            ]);

    [Fact]
    public void Gradients_Flatten_MatchFiniteDifferences() =>
        GradientCheck.Check(
            (g, v) => g.Op1("Flatten", [v[0]], attributes: [Attr.Whole("axis", 1)]),
            [GradientCheck.Input("x", D, [2, 3, 4], 1) with { Declared = [null, 3, 4] }]);

    [Fact]
    public void Gradients_Reshape_MatchFiniteDifferences() =>
        GradientCheck.Check(
            (g, v) => g.Op1("Tanh", [g.Op1("Reshape", [v[0], g.Ints(-1, 6)])]),
            [GradientCheck.Input("x", D, [4, 3], 1) with { Declared = [null, 3] }]);

    [Fact]
    public void Gradients_Transpose_MatchFiniteDifferences() =>
        GradientCheck.Check(
            (g, v) => g.Op1("Transpose", [v[0]], attributes: [Attr.Wholes("perm", 1, 2, 0)]),
            [GradientCheck.Input("x", D, [2, 3, 4], 1)]);

    [Theory]
    [InlineData("ReduceSum", new long[] { 0 }, 1)]
    [InlineData("ReduceSum", new long[] { 1 }, 0)]
    [InlineData("ReduceMean", new long[] { 1 }, 0)]
    [InlineData("ReduceMean", new long[] { 0, 2 }, 1)]
    [InlineData("ReduceMean", new long[0], 0)]
    public void Gradients_Reduce_MatchFiniteDifferences(string op, long[] axes, long keepdims) =>
        GradientCheck.Check(
            (g, v) => g.Op1("Tanh", [g.Op1(op, axes.Length == 0 ? [v[0]] : [v[0], g.Ints(axes)], attributes: [Attr.Whole("keepdims", keepdims)])]),
            [GradientCheck.Input("x", D, [2, 3, 4], 1) with { Declared = [null, 3, 4] }]);

    [Fact]
    public void Gradients_GatherElements_ScatterAddIntoData()
    {
        var indices = new double[] { 0, 2, 2, 1, 0, 0 };
        GradientCheck.Check(
            (g, v) => g.Op1("GatherElements", [v[0], v[1]], attributes: [Attr.Whole("axis", 1)]),
            [GradientCheck.Input("x", D, [3, 4], 1), new CheckInput("i", DataType.Int64, [3, 2], indices, false)]);
    }
}
