using Google.Protobuf;
using Maas.Onnx.Proto;
using Xunit.Abstractions;

namespace Maas.Onnx.Tests;

/// <summary>What the graph limits count: subgraphs, functions, depth through bodies, and the real models' sizes.</summary>
public sealed class OnnxGraphLimitTests(ITestOutputHelper output)
{
    [Fact]
    public void Inspect_NodesInsideAnIfBody_Count()
    {
        var model = WithIf(thenNodes: 6, elseNodes: 3); // 2 outside + 6 + 3

        Assert.Contains("has 11 nodes", Rejections.Of(model.ToStream(), new OnnxGraphLimits(10, 100)), StringComparison.Ordinal);
        OnnxModelInspector.Inspect(model.ToStream(), new OnnxGraphLimits(11, 100));
    }

    [Fact]
    public void Inspect_DepthThroughAnIfBody_CountsTheDeepestBody()
    {
        var model = WithIf(thenNodes: 6, elseNodes: 3); // Relu, If (1 + 6)

        Assert.Contains("is 8 nodes long", Rejections.Of(model.ToStream(), new OnnxGraphLimits(100, 7)), StringComparison.Ordinal);
        OnnxModelInspector.Inspect(model.ToStream(), new OnnxGraphLimits(100, 8));
    }

    [Fact]
    public void Inspect_FunctionBodies_CountAndAreMeasured()
    {
        var model = ReluGraphs.Chain(2);
        var function = new FunctionProto { Name = "deep", Domain = "maas.test", Input = { "a" }, Output = { "b" }, OpsetImport = { TestModels.Opset(string.Empty, 17) } };
        function.Node.Add(ReluGraphs.Chain(5).Graph.Node);
        function.Node[0].Input[0] = "a";
        function.Node[4].Output[0] = "b";
        model.Functions.Add(function);

        Assert.Contains("has 7 nodes", Rejections.Of(model.ToStream(), new OnnxGraphLimits(6, 100)), StringComparison.Ordinal);
        Assert.Contains("is 5 nodes long", Rejections.Of(model.ToStream(), new OnnxGraphLimits(100, 4)), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_NodesOutOfOrder_MeasuresTheRealChain()
    {
        var model = ReluGraphs.Chain(5);
        var reversed = model.Graph.Node.Reverse().ToList();
        model.Graph.Node.Clear();
        model.Graph.Node.Add(reversed);

        Assert.Contains("is 5 nodes long", Rejections.Of(model.ToStream(), new OnnxGraphLimits(100, 4)), StringComparison.Ordinal);
    }

    [Fact]
    public void CountNodes_Artifact_CountsEveryGraph()
    {
        Assert.Equal(11, OnnxModelInspector.CountNodes(WithIf(6, 3).ToByteArray()));
        Assert.Equal(0, OnnxModelInspector.CountNodes([0xFF, 0xFF]));
    }

    [Theory]
    [InlineData("breast_cancer_mlp")]
    [InlineData("diabetes_linear")]
    [InlineData("digits_cnn")]
    [InlineData("resnet18")]
    [InlineData("text_encoder")]
    [InlineData("tiny_gpt/model")]
    public void Inspect_FixtureModels_AreFarInsideTheDefaultLimits(string name)
    {
        var path = TestFixtures.Model(name);
        using var stream = File.OpenRead(path);
        var nodes = OnnxModelInspector.CountNodes(File.ReadAllBytes(path));
        var depth = Inspection.GraphWalker.MeasureDepth(stream);
        output.WriteLine($"{name}: {nodes} nodes, depth {depth}");

        Assert.InRange(nodes, 1, OnnxGraphLimits.Default.MaxNodes / 10);
        Assert.InRange(depth, 1, OnnxGraphLimits.Default.MaxDepth / 10);
    }

    // x → Relu → If(cond) whose branches are Relu chains of the given lengths over the outer value.
    private static ModelProto WithIf(int thenNodes, int elseNodes)
    {
        var model = ReluGraphs.Chain(1);
        var graph = model.Graph;
        graph.Node[0].Output[0] = "r";
        graph.Input.Add(new ValueInfoProto { Name = "cond", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 9, Shape = new TensorShapeProto() } } });
        var node = ReluGraphs.Relu("cond", "y");
        node.OpType = "If";
        node.Input[0] = "cond";
        node.Attribute.Add(TestModels.Attribute("then_branch", Branch("then", thenNodes)));
        node.Attribute.Add(TestModels.Attribute("else_branch", Branch("else", elseNodes)));
        graph.Node.Add(node);
        return model;
    }

    private static GraphProto Branch(string name, int nodes)
    {
        var branch = ReluGraphs.Chain(nodes).Graph;
        branch.Name = name;
        branch.Input.Clear();
        branch.Node[0].Input[0] = "r";
        branch.Node[nodes - 1].Output[0] = $"{name}_y";
        branch.Output[0].Name = $"{name}_y";
        return branch;
    }
}
