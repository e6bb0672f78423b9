using Maas.Core;
using Maas.Onnx.Proto;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Tests;

public sealed class OnnxModelInspectorSignatureTests
{
    [Fact]
    public void Inspect_AddModel_ReadsSymbolicAndFixedDimensions()
    {
        var description = OnnxModelInspector.Inspect(TestModels.Add().ToStream());

        Assert.Equal(["a", "b"], description.Signature.Inputs.Select(input => input.Name));
        Assert.All(description.Signature.Inputs, input => Assert.Equal([-1L, 3L], input.Shape));
        Assert.Equal([-1L, 3L], Assert.Single(description.Signature.Outputs).Shape);
        Assert.Equal(("maas-tests", "1.0"), (description.ProducerName, description.ProducerVersion));
    }

    [Fact]
    public void Inspect_UnsetDimensionAndScalar_ReadsMinusOneAndEmptyShape()
    {
        var model = TestModels.Add();
        model.Graph.Input[0] = TestModels.Tensor("a", DataType.Float, null, 3);
        model.Graph.Input[1] = TestModels.Tensor("b", DataType.Float);

        var inputs = OnnxModelInspector.Inspect(model.ToStream()).Signature.Inputs;

        Assert.Equal([-1L, 3L], inputs[0].Shape);
        Assert.Empty(inputs[1].Shape);
    }

    [Theory]
    [InlineData(DataType.Float, TensorDataType.FP32)]
    [InlineData(DataType.Double, TensorDataType.FP64)]
    [InlineData(DataType.Float16, TensorDataType.FP16)]
    [InlineData(DataType.Bfloat16, TensorDataType.BF16)]
    [InlineData(DataType.Int8, TensorDataType.INT8)]
    [InlineData(DataType.Int16, TensorDataType.INT16)]
    [InlineData(DataType.Int32, TensorDataType.INT32)]
    [InlineData(DataType.Int64, TensorDataType.INT64)]
    [InlineData(DataType.Uint8, TensorDataType.UINT8)]
    [InlineData(DataType.Uint16, TensorDataType.UINT16)]
    [InlineData(DataType.Uint32, TensorDataType.UINT32)]
    [InlineData(DataType.Uint64, TensorDataType.UINT64)]
    [InlineData(DataType.Bool, TensorDataType.BOOL)]
    [InlineData(DataType.String, TensorDataType.BYTES)]
    public void Inspect_SupportedElementType_MapsToProtocolDatatype(DataType onnxType, TensorDataType expected)
    {
        var model = TestModels.Add();
        model.Graph.Input[0] = TestModels.Tensor("a", onnxType, "batch", 3);

        var input = OnnxModelInspector.Inspect(model.ToStream()).Signature.Inputs[0];

        Assert.Equal(expected, input.Datatype);
    }

    [Theory]
    [InlineData(DataType.Complex64, "COMPLEX64")]
    [InlineData(DataType.Complex128, "COMPLEX128")]
    [InlineData(DataType.Float8E4M3Fn, "FLOAT8E4M3FN")]
    [InlineData(DataType.Int4, "INT4")]
    [InlineData(DataType.Undefined, "UNDEFINED")]
    [InlineData((DataType)99, "99 (not an ONNX type)")]
    public void Inspect_UnsupportedElementType_RejectsNamingTheOnnxType(DataType onnxType, string expected)
    {
        var model = TestModels.Add();
        model.Graph.Input[0] = TestModels.Tensor("a", onnxType, "batch", 3);

        Assert.Contains($"The input 'a' has element type {expected}, which Maas cannot serve", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_EveryInputHasInitializer_RejectsAsNoInputs()
    {
        var model = TestModels.Add();
        model.Graph.Initializer.Add(TestModels.Floats("a", [1, 3], 1, 2, 3));
        model.Graph.Initializer.Add(TestModels.Floats("b", [1, 3], 1, 2, 3));

        Assert.Contains("has no inputs", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_NoOutputs_Rejects()
    {
        var model = TestModels.Add();
        model.Graph.Output.Clear();

        Assert.Contains("has no outputs", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_SequenceOutput_RejectsNamingTheOutput()
    {
        var model = TestModels.Add();
        model.Graph.Output[0] = TestModels.Sequence("sum");

        Assert.Contains("The output 'sum' is a sequence, not a tensor", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_MapInput_RejectsNamingTheInput()
    {
        var model = TestModels.Add();
        var map = new TypeProto.Types.Map { KeyType = (int)DataType.String, ValueType = model.Graph.Input[0].Type };
        model.Graph.Input[0].Type = new TypeProto { MapType = map };

        Assert.Contains("The input 'a' is a map, not a tensor", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_InputWithoutType_Rejects()
    {
        var model = TestModels.Add();
        model.Graph.Input[1].Type = null;

        Assert.Contains("The input 'b' declares no type", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_MissingShape_Rejects()
    {
        var model = TestModels.Add();
        model.Graph.Input[0] = TestModels.Unshaped("a", DataType.Float);

        Assert.Contains("The input 'a' declares no shape", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_NegativeDimension_Rejects()
    {
        var model = TestModels.Add();
        model.Graph.Output[0] = TestModels.Tensor("sum", DataType.Float, "batch", -3);

        Assert.Contains("The output 'sum' declares size -3 for axis 1", Rejections.Of(model), StringComparison.Ordinal);
    }
}
