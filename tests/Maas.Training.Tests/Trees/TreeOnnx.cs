using Google.Protobuf;
using Maas.Onnx.Graphs;
using Maas.Training.Data;
using Maas.Training.Trees;
using Microsoft.ML.OnnxRuntime;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Training.Tests.Trees;

/// <summary>Exports a tree model as a standalone ONNX model and runs it with ONNX Runtime.</summary>
internal static class TreeOnnx
{
    public static byte[] Export(TreeEnsembleModel model)
    {
        var g = new GraphBuilder("trees");
        var features = g.Input("features", DataType.Float, [null, model.Width]);
        g.Output(model.AppendTo(g, features), "output");
        return g.ToModel("maas-tests").ToByteArray();
    }

    /// <summary>Row-major [Rows, Outputs] results of the exported model.</summary>
    public static float[] Run(byte[] onnx, SplitData data, out long[] shape)
    {
        using var session = new InferenceSession(onnx);
        using var input = OrtValue.CreateTensorValueFromMemory(data.Features, [data.Rows, data.Width]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, ["features"], [input], ["output"]);
        shape = results[0].GetTensorTypeAndShape().Shape;
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
