using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Tests;

public sealed class OnnxModelInspectorLimitTests
{
    [Fact]
    public void Inspect_Rank65_Rejects()
    {
        var model = TestModels.Add();
        model.Graph.Input[0] = TestModels.Tensor("a", DataType.Float, Enumerable.Repeat<object?>(1, 65).ToArray());

        Assert.Contains("The input 'a' has rank 65; Maas accepts at most rank 64", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_Rank64_Accepts()
    {
        var model = TestModels.Add();
        model.Graph.Input[0] = TestModels.Tensor("a", DataType.Float, Enumerable.Repeat<object?>(1, 64).ToArray());

        Assert.Equal(64, OnnxModelInspector.Inspect(model.ToStream()).Signature.Inputs[0].Shape.Count);
    }

    [Fact]
    public void Inspect_TooManyInputs_Rejects()
    {
        var model = TestModels.Add();
        for (var i = 0; i < 10_000; i++)
        {
            model.Graph.Input.Add(TestModels.Tensor($"extra_{i}", DataType.Float, 1));
        }

        Assert.Contains("more than 10000 inputs", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_NameLongerThan4096_RejectsWithoutQuotingIt()
    {
        var model = TestModels.Add();
        model.Graph.Output[0].Name = new string('y', 4097);

        var message = Rejections.Of(model);

        Assert.Contains("an output whose name is 4097 characters long; Maas accepts at most 4096", message, StringComparison.Ordinal);
        Assert.True(message.Length < 200, message);
    }

    [Fact]
    public void Inspect_HugeProducerName_Rejects()
    {
        var model = TestModels.Add();
        model.ProducerName = new string('p', 5000);

        Assert.Contains("producer name is 5000 characters long", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_DuplicateInputNames_Rejects()
    {
        var model = TestModels.Add();
        model.Graph.Input[1].Name = "a";

        Assert.Contains("declares the input 'a' twice", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_InputWithoutName_Rejects()
    {
        var model = TestModels.Add();
        model.Graph.Input[1].Name = string.Empty;

        Assert.Contains("has an input with no name", Rejections.Of(model), StringComparison.Ordinal);
    }
}
