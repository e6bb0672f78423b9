using Google.Protobuf;
using Maas.Onnx.Graphs;
using Microsoft.ML.OnnxRuntime;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Tests.Graphs;

public sealed class AutodiffDropoutTests
{
    [Theory]
    [InlineData(DataType.Float)]
    [InlineData(DataType.Double)]
    public void Gradients_Dropout_EqualUpstreamTimesMaskOverKeep(DataType type)
    {
        const double Ratio = 0.3;
        var g = new GraphBuilder("dropout");
        var x = g.Input("x", type, [null, 50]);
        var r = g.Input("r", type, [null, 50]);
        var y = Layers.Dropout(g, x, Ratio);
        var loss = g.Op1("ReduceSum", [g.Op1("Mul", [y, r])], [], [Attr.Whole("keepdims", 0)]);
        var grad = Autodiff.Gradients(g, loss, [x])[0];
        g.Output(y, "y");
        g.Output(y.Producer!.Outputs[1], "mask");
        g.Output(grad, "dx");
        using var session = new InferenceSession(g.ToModel().ToByteArray());
        var xs = GradientCheck.Random(200, 1);
        var rs = GradientCheck.Random(200, 2);
        var result = GradientCheck.Run(session, [new CheckInput("x", type, [4, 50], xs), new CheckInput("r", type, [4, 50], rs)], ["y", "mask", "dx"]);
        var (ys, mask, dx) = (result[0], result[1], result[2]);

        var tolerance = type == DataType.Float ? 1e-6 : 1e-12;
        Assert.InRange(mask.Count(m => m == 1), 100, 180); // about 70 % kept
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(rs[i] * mask[i] / (1 - Ratio), dx[i], tolerance);
            Assert.Equal(xs[i] * mask[i] / (1 - Ratio), ys[i], 1e-6); // ORT scales in float even for double tensors
        }
    }
}
