using Google.Protobuf;
using Maas.Onnx.Proto;
using Maas.Onnx.Tests;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Server.Tests.Hostile;

/// <summary>Hostile ONNX files for the upload and load tests, built on <see cref="TestModels"/>.</summary>
internal static class HostileModels
{
    /// <summary>The Add model with its second input's data in external file <paramref name="location"/>.</summary>
    public static byte[] ExternalInitializer(string location)
    {
        var model = TestModels.Add();
        model.Graph.Initializer.Add(TestModels.External("b", location, 1, 3));
        return model.ToByteArray();
    }

    /// <summary>An If whose branches are Constants with external data: the reference hidden two graphs deep.</summary>
    public static byte[] ExternalInSubgraph(string location)
    {
        var graph = new GraphProto { Name = "branchy" };
        graph.Input.Add(TestModels.Tensor("cond", DataType.Bool));
        graph.Output.Add(TestModels.Tensor("y", DataType.Float, 3));
        graph.Node.Add(TestModels.Node(
            "If",
            ["cond"],
            ["y"],
            "if",
            TestModels.Attribute("then_branch", TestModels.ConstantGraph("then", "t", TestModels.External("v", location, 3))),
            TestModels.Attribute("else_branch", TestModels.ConstantGraph("else", "e", TestModels.Floats("w", [3], 1, 2, 3)))));
        return TestModels.Model(graph).ToByteArray();
    }

    /// <summary><c>y = Identity(x)</c> with both of the given shape (numbers fixed, strings symbolic).</summary>
    public static byte[] Identity(params object[] dims) => IdentityWithOutput(dims, dims);

    /// <summary><c>y = Identity(x)</c> declaring different input and output shapes.</summary>
    public static byte[] IdentityWithOutput(object[] input, object[] output)
    {
        var graph = new GraphProto { Name = "identity" };
        graph.Node.Add(TestModels.Node("Identity", ["x"], ["y"], "identity"));
        graph.Input.Add(TestModels.Tensor("x", DataType.Float, input));
        graph.Output.Add(TestModels.Tensor("y", DataType.Float, output));
        return TestModels.Model(graph).ToByteArray();
    }

    /// <summary>
    /// <c>y = Expand(x, target)</c> with x FLOAT [n, 1] and every output dimension symbolic: the declared signature is
    /// harmless, but running it (warm-up included) asks ONNX Runtime for a tensor of shape <paramref name="target"/>.
    /// </summary>
    public static byte[] ExpandTo(params long[] target) => ExpandNamed("expand", target);

    /// <summary><see cref="ExpandTo"/> with the Expand node named <paramref name="nodeName"/>, which ONNX Runtime quotes in its error.</summary>
    public static byte[] ExpandNamed(string nodeName, params long[] target)
    {
        var graph = new GraphProto { Name = "expand" };
        graph.Node.Add(TestModels.Node("Expand", ["x", "target"], ["y"], nodeName));
        graph.Initializer.Add(new TensorProto { Name = "target", DataType = (int)DataType.Int64, Dims = { target.Length }, Int64Data = { target } });
        graph.Input.Add(TestModels.Tensor("x", DataType.Float, "n", 1));
        graph.Output.Add(TestModels.Tensor("y", DataType.Float, Enumerable.Range(0, target.Length).Select(i => (object)("d" + i)).ToArray()));
        return TestModels.Model(graph).ToByteArray();
    }
}
