using Maas.Onnx.Graphs;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Tests.Graphs;

public sealed class LossesTests
{
    private const DataType D = DataType.Double;

    [Fact]
    public void MeanSquaredError_GradientMatchesFiniteDifferences() =>
        GradientCheck.Check(
            (g, v) => Losses.MeanSquaredError(g, v[0], v[1]),
            [
                GradientCheck.Input("p", D, [4, 1], 1) with { Declared = [null, 1] },
                GradientCheck.Input("t", D, [4, 1], 2) with { Declared = [null, 1] },
            ]);

    [Fact]
    public void BinaryCrossEntropyWithLogits_GradientMatchesFiniteDifferences() =>
        GradientCheck.Check(
            (g, v) => Losses.BinaryCrossEntropyWithLogits(g, v[0], v[1]),
            [
                new CheckInput("x", D, [6, 1], GradientCheck.AwayFromZero(6, 1, 0.1, 4)) { Declared = [null, 1] },
                new CheckInput("y", D, [6, 1], [0, 1, 1, 0, 1, 0], false) { Declared = [null, 1] },
            ]);

    [Fact]
    public void SoftmaxCrossEntropy_GradientMatchesFiniteDifferences() =>
        GradientCheck.Check(
            (g, v) => Losses.SoftmaxCrossEntropy(g, v[0], v[1]),
            [
                GradientCheck.Input("x", D, [4, 3], 1) with { Declared = [null, 3] },
                new CheckInput("y", DataType.Int64, [4], [0, 2, 1, 2], false) { Declared = [null] },
            ]);

    [Fact]
    public void Losses_Values_MatchHandComputation()
    {
        var g = new GraphBuilder("losses");
        var x = g.Input("x", D, [null, 1]);
        var y = g.Input("y", D, [null, 1]);
        var logits = g.Input("logits", D, [null, 3], ["rows"]);
        var labels = g.Input("labels", DataType.Int64, [null], ["rows"]);
        g.Output(Losses.MeanSquaredError(g, x, y), "mse");
        g.Output(Losses.BinaryCrossEntropyWithLogits(g, x, y), "bce");
        g.Output(Losses.SoftmaxCrossEntropy(g, logits, labels), "ce");
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(Google.Protobuf.MessageExtensions.ToByteArray(g.ToModel()));
        double[] xs = [2.0, -30.0, 0.5];
        double[] ys = [1.0, 0.0, 0.0];
        double[] ls = [1, 2, 3, 3, 2, 1];
        var result = GradientCheck.Run(
            session,
            [
                new CheckInput("x", D, [3, 1], xs),
                new CheckInput("y", D, [3, 1], ys),
                new CheckInput("logits", D, [2, 3], ls),
                new CheckInput("labels", DataType.Int64, [2], [2, 1]),
            ],
            ["mse", "bce", "ce"]);

        var mse = xs.Zip(ys, (a, b) => (a - b) * (a - b)).Average();
        var bce = xs.Zip(ys, (a, b) => -((b * Math.Log(Sigmoid(a))) + ((1 - b) * Math.Log(1 - Sigmoid(a))))).Average();
        var ce = (-Math.Log(Math.Exp(3) / (Math.Exp(1) + Math.Exp(2) + Math.Exp(3)))
            - Math.Log(Math.Exp(2) / (Math.Exp(3) + Math.Exp(2) + Math.Exp(1)))) / 2;
        Assert.Equal(mse, result[0][0], 1e-12);
        Assert.Equal(bce, result[1][0], 1e-9);
        Assert.Equal(ce, result[2][0], 1e-12);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
