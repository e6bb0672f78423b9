using Maas.Core;

namespace Maas.Onnx.Tests;

public sealed class OnnxModelInspectorFixtureTests
{
    // The fixtures README: name, input, output; shapes with -1 for PyTorch's dynamic axes.
    public static TheoryData<string, string, TensorDataType, string, string, string> Fixtures => new()
    {
        { "breast_cancer_mlp", "features", TensorDataType.FP32, "[-1, 30]", "probability", "[-1, 1]" },
        { "digits_cnn", "image", TensorDataType.FP32, "[-1, 1, 8, 8]", "probabilities", "[-1, 10]" },
        { "diabetes_linear", "features", TensorDataType.FP32, "[-1, 10]", "progression", "[-1, 1]" },
        { "resnet18", "image", TensorDataType.FP32, "[-1, 3, 224, 224]", "logits", "[-1, 1000]" },
        { "text_encoder", "input_ids", TensorDataType.INT64, "[-1, -1]", "embedding", "[-1, 256]" },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Inspect_FixtureModel_ReturnsItsSignature(
        string model, string input, TensorDataType inputType, string inputShape, string output, string outputShape)
    {
        using var stream = File.OpenRead(TestFixtures.Model(model));

        var description = OnnxModelInspector.Inspect(stream);

        var actualInput = Assert.Single(description.Signature.Inputs);
        Assert.Equal((input, inputType, inputShape), (actualInput.Name, actualInput.Datatype, actualInput.ShapeText));
        var actualOutput = Assert.Single(description.Signature.Outputs);
        Assert.Equal((output, TensorDataType.FP32, outputShape), (actualOutput.Name, actualOutput.Datatype, actualOutput.ShapeText));
    }

    [Theory]
    [InlineData("breast_cancer_mlp")]
    [InlineData("digits_cnn")]
    [InlineData("diabetes_linear")]
    [InlineData("resnet18")]
    [InlineData("text_encoder")]
    public void Inspect_FixtureModel_ReportsPyTorchHeader(string model)
    {
        using var stream = File.OpenRead(TestFixtures.Model(model));

        var description = OnnxModelInspector.Inspect(stream);

        Assert.Equal("pytorch", description.ProducerName);
        Assert.StartsWith("1.13.", description.ProducerVersion, StringComparison.Ordinal);
        Assert.InRange(description.IrVersion, 7, 8);
        var opset = Assert.Single(description.Opsets);
        Assert.Equal("ai.onnx", opset.Key);
        Assert.InRange(opset.Value, 13, 14);
    }
}
