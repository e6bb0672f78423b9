using Google.Protobuf;
using Maas.Core.Training;
using Maas.Onnx.Graphs;
using Microsoft.ML.OnnxRuntime;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Tests.Graphs;

public sealed class LogisticRegressionTests
{
    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.Momentum)]
    public void TrainingGraph_SeparableData_ReachesLowLoss(OptimizerKind kind)
    {
        // Two Gaussian blobs around (±1.5, ±1.5): separable, so the loss can go near zero.
        var random = new Random(7);
        const int Rows = 64;
        var features = new double[Rows * 2];
        var labels = new double[Rows];
        for (var i = 0; i < Rows; i++)
        {
            var label = i % 2;
            var centre = label == 1 ? 1.5 : -1.5;
            features[2 * i] = centre + ((random.NextDouble() - 0.5) * 1.5);
            features[(2 * i) + 1] = centre + ((random.NextDouble() - 0.5) * 1.5);
            labels[i] = label;
        }

        var g = new GraphBuilder("logreg");
        var x = g.Input("x", DataType.Float, [null, 2]);
        var y = g.Input("y", DataType.Float, [null, 1]);
        var w = g.Input("w", DataType.Float, [2, 1]);
        var b = g.Input("b", DataType.Float, [1]);
        var loss = Losses.BinaryCrossEntropyWithLogits(g, Layers.Dense(g, x, w, b), y);
        var gradients = Autodiff.Gradients(g, loss, [w, b]);
        var step = Optimizers.Append(g, new OptimizerSpec { Kind = kind, LearningRate = 0.1 }, [w, b], gradients);
        var lossName = g.Output(loss, "loss").Name;
        var outputs = step.NewParameters.Concat(step.NewState).Select((v, i) => g.Output(v, "out" + i).Name).ToArray();
        using var session = new InferenceSession(g.ToModel().ToByteArray());

        double[][] trainable = [[0, 0], [0], .. step.InitialState().Select(a => a.Select(f => (double)f).ToArray())];
        var names = new[] { "w", "b" }.Concat(step.StateInputs.Select(v => v.Name)).ToArray();
        var shapes = new[] { new long[] { 2, 1 }, [1] }.Concat(step.StateShapes).ToArray();
        var first = double.NaN;
        var last = double.NaN;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var feeds = new List<CheckInput> { new("x", DataType.Float, [Rows, 2], features), new("y", DataType.Float, [Rows, 1], labels) };
            feeds.AddRange(names.Select((n, i) => new CheckInput(n, DataType.Float, shapes[i], trainable[i])));
            var result = GradientCheck.Run(session, feeds, [lossName, .. outputs]);
            last = result[0][0];
            first = double.IsNaN(first) ? last : first;
            trainable = result[1..];
        }

        Assert.Equal(Math.Log(2), first, 1e-6);
        Assert.True(last < 0.05, $"loss after 100 steps: {last}");
        Assert.True(trainable[0][0] > 0 && trainable[0][1] > 0, "both weights point towards the positive blob");
    }
}
