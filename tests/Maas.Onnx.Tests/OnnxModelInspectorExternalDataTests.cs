using Maas.Onnx.Proto;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Tests;

public sealed class OnnxModelInspectorExternalDataTests
{
    private const string SelfContained = "Maas accepts only self-contained models";

    [Fact]
    public void Inspect_InitializerWithExternalData_RejectsNamingTensorAndLocation()
    {
        var model = TestModels.Add();
        model.Graph.Initializer.Add(TestModels.External("weights", "../../etc/passwd", 3));

        var message = Rejections.Of(model);

        Assert.Contains("Tensor 'weights' in graph 'add' refers to external data at '../../etc/passwd'", message, StringComparison.Ordinal);
        Assert.Contains(SelfContained, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_DataLocationExternalWithoutEntries_Rejects()
    {
        var model = TestModels.Add();
        var tensor = TestModels.External("weights", "w.bin", 3);
        tensor.ExternalData.Clear();
        model.Graph.Initializer.Add(tensor);

        Assert.Contains("Tensor 'weights' in graph 'add' refers to external data;", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ExternalEntriesWithDefaultLocation_Rejects()
    {
        var model = TestModels.Add();
        var tensor = TestModels.External("weights", "w.bin", 3);
        tensor.ClearDataLocation();
        model.Graph.Initializer.Add(tensor);

        Assert.Contains("refers to external data at 'w.bin'", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_LocationWithControlCharacters_QuotesItSanitisedAndClipped()
    {
        var model = TestModels.Add();
        model.Graph.Initializer.Add(TestModels.External("weights", "a\u001b[2Jb\n" + new string('x', 500), 3));

        var message = Rejections.Of(model);

        Assert.Contains("at 'a?[2Jb?xxx", message, StringComparison.Ordinal);
        Assert.DoesNotContain(message, char.IsControl);
        Assert.True(message.Length < 400, message);
    }

    [Fact]
    public void Inspect_ConstantNodeWithExternalValue_RejectsNamingTheNode()
    {
        var model = TestModels.Add();
        model.Graph.Node.Insert(0, TestModels.Node(
            "Constant", [], ["b"], "make_b", TestModels.Attribute("value", TestModels.External("b_value", "b.bin", 3))));
        model.Graph.Input.RemoveAt(1);

        var message = Rejections.Of(model);

        Assert.Contains("Tensor 'b_value' in attribute 'value' of the node 'make_b' (Constant)", message, StringComparison.Ordinal);
        Assert.Contains("refers to external data at 'b.bin'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ExternalTensorInsideIfBranch_RejectsNamingTheSubgraph()
    {
        var model = TestModels.Add();
        var inner = TestModels.ConstantGraph("else", "c", TestModels.External("deep", "deep.bin", 3));
        var ifNode = TestModels.Node("If", ["flag"], ["c"], "choose",
            TestModels.Attribute("then_branch", TestModels.ConstantGraph("then", "c", TestModels.Floats("ones", [3], 1, 1, 1))),
            TestModels.Attribute("else_branch", inner));
        model.Graph.Node.Add(ifNode);
        model.Graph.Input.Add(TestModels.Tensor("flag", DataType.Bool));

        var message = Rejections.Of(model);

        Assert.Contains("Tensor 'deep' in attribute 'value' of the node 'else_constant' (Constant) in the 'else_branch' subgraph of the node 'choose' (If)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ExternalInitializerInNestedLoopBody_Rejects()
    {
        var body = new GraphProto { Name = "body" };
        body.Initializer.Add(TestModels.External("step", "step.bin", 1));
        var outerBody = new GraphProto { Name = "outer" };
        outerBody.Node.Add(TestModels.Node("Loop", ["n", ""], [], "inner_loop", TestModels.Attribute("body", body)));
        var model = TestModels.Add();
        model.Graph.Node.Add(TestModels.Node("Loop", ["n", ""], [], "outer_loop", TestModels.Attribute("body", outerBody)));

        var message = Rejections.Of(model);

        Assert.Contains("Tensor 'step' in the 'body' subgraph of the node 'inner_loop' (Loop) refers to external data at 'step.bin'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ExternalTensorInGraphsAttribute_Rejects()
    {
        var model = TestModels.Add();
        var attribute = new AttributeProto { Name = "branches", Type = AttributeProto.Types.AttributeType.Graphs };
        attribute.Graphs.Add(TestModels.ConstantGraph("first", "c", TestModels.Floats("ones", [3], 1, 1, 1)));
        attribute.Graphs.Add(TestModels.ConstantGraph("second", "c", TestModels.External("listed", "l.bin", 3)));
        model.Graph.Node.Add(TestModels.Node("If", ["flag"], ["c"], "many", attribute));

        Assert.Contains("Tensor 'listed'", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ExternalTensorInTensorsAttribute_Rejects()
    {
        var model = TestModels.Add();
        var attribute = new AttributeProto { Name = "pieces", Type = AttributeProto.Types.AttributeType.Tensors };
        attribute.Tensors.Add(TestModels.External("piece", "p.bin", 3));
        model.Graph.Node[0].Attribute.Add(attribute);

        Assert.Contains("Tensor 'piece' in attribute 'pieces' of the node 'add' (Add)", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_SparseInitializerWithExternalIndices_Rejects()
    {
        var model = TestModels.Add();
        var indices = TestModels.External("sparse_indices", "i.bin", 1);
        indices.DataType = (int)DataType.Int64;
        model.Graph.SparseInitializer.Add(TestModels.Sparse(TestModels.Floats("sparse", [1], 1), indices, 3));

        Assert.Contains("Tensor 'sparse_indices' in graph 'add' refers to external data at 'i.bin'", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_SparseTensorAttributeWithExternalValues_Rejects()
    {
        var model = TestModels.Add();
        var sparse = TestModels.Sparse(TestModels.External("sparse_values", "v.bin", 1), indices: null, 3);
        var attribute = new AttributeProto { Name = "sparse_value", Type = AttributeProto.Types.AttributeType.SparseTensor, SparseTensor = sparse };
        model.Graph.Node.Add(TestModels.Node("Constant", [], ["s"], "make_s", attribute));

        Assert.Contains("Tensor 'sparse_values' in attribute 'sparse_value'", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ExternalTensorInModelLocalFunction_Rejects()
    {
        var model = TestModels.Add();
        var function = new FunctionProto { Name = "Offset", Domain = "local.functions" };
        function.Node.Add(TestModels.Node("Constant", [], ["k"], "k", TestModels.Attribute("value", TestModels.External("k_value", "k.bin", 3))));
        function.OpsetImport.Add(TestModels.Opset(string.Empty, 17));
        model.Functions.Add(function);

        Assert.Contains("Tensor 'k_value' in attribute 'value' of the node 'k' (Constant) in function 'Offset'", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ExternalTensorInTrainingGraph_Rejects()
    {
        var model = TestModels.Add();
        var algorithm = new GraphProto { Name = "step" };
        algorithm.Initializer.Add(TestModels.External("learning_rate", "lr.bin", 1));
        model.TrainingInfo.Add(new TrainingInfoProto { Algorithm = algorithm });

        Assert.Contains("Tensor 'learning_rate' in the training algorithm graph", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_InitializersWithEmbeddedData_Accepts()
    {
        var model = TestModels.Add();
        model.Graph.Initializer.Add(TestModels.Floats("b", [3], 1, 2, 3));

        var description = OnnxModelInspector.Inspect(model.ToStream());

        Assert.Equal("a", Assert.Single(description.Signature.Inputs).Name);
    }
}
