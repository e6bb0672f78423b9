using Google.Protobuf;
using Maas.Onnx.Proto;

namespace Maas.Onnx.Tests;

public sealed class OnnxSchemaTests
{
    [Theory]
    [InlineData("breast_cancer_mlp")]
    [InlineData("digits_cnn")]
    [InlineData("diabetes_linear")]
    [InlineData("resnet18")]
    [InlineData("text_encoder")]
    public void ModelProto_FixtureRoundTrip_ReproducesTheBytes(string model)
    {
        // Exporters write fields in number order, as Google.Protobuf does; a field this schema got wrong (number,
        // wire type or packing) would come back as an unknown field at the end of its message, or differently encoded.
        var original = File.ReadAllBytes(TestFixtures.Model(model));

        var parsed = ModelProto.Parser.ParseFrom(original);

        Assert.True(original.AsSpan().SequenceEqual(parsed.ToByteArray()));
    }

    [Fact]
    public void ModelProto_BuiltModel_RoundTripsEveryKindOfMember()
    {
        var model = TestModels.Add();
        model.Graph.SparseInitializer.Add(TestModels.Sparse(TestModels.Floats("s", [1], 2), indices: null, 3));
        model.Graph.Node.Add(TestModels.Node("If", ["flag"], ["c"], "choose",
            TestModels.Attribute("then_branch", TestModels.ConstantGraph("then", "c", TestModels.Floats("ones", [3], 1, 1, 1)))));
        model.Functions.Add(new FunctionProto { Name = "F", Domain = "local", Overload = "v2", AttributeProto = { new AttributeProto { Name = "alpha", F = 0.5f } } });
        model.TrainingInfo.Add(new TrainingInfoProto { UpdateBinding = { TestModels.Entry("w", "w_next") } });
        model.Configuration.Add(new DeviceConfigurationProto { Name = "pair", NumDevices = 2, Device = { "cpu:0", "cpu:1" } });

        var parsed = ModelProto.Parser.ParseFrom(model.ToByteArray());

        Assert.Equal(model, parsed);
        Assert.Equal(TypeProto.ValueOneofCase.TensorType, parsed.Graph.Input[0].Type.ValueCase);
        Assert.Equal("v2", parsed.Functions[0].Overload);
    }
}
