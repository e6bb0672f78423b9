using Maas.Onnx.Proto;

namespace Maas.Onnx.Tests;

public sealed class OnnxModelInspectorVersionTests
{
    [Fact]
    public void Inspect_IrVersion14_RejectsAsTooNew()
    {
        var model = TestModels.Add();
        model.IrVersion = 14;

        Assert.Contains("IR version 14 is newer than ONNX Runtime 1.31 supports (at most 13)", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_IrVersion2_RejectsAsTooOld()
    {
        var model = TestModels.Add();
        model.IrVersion = 2;

        Assert.Contains("IR version 2 is older", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_NoIrVersion_Rejects()
    {
        var model = TestModels.Add();
        model.ClearIrVersion();

        Assert.Contains("declares no IR version", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_IrVersion13AndOpset26_Accepts()
    {
        var model = TestModels.Model(TestModels.Add().Graph, opset: 26);
        model.IrVersion = 13;

        var description = OnnxModelInspector.Inspect(model.ToStream());

        Assert.Equal(13, description.IrVersion);
        Assert.Equal(26, description.Opsets["ai.onnx"]);
    }

    [Theory]
    [InlineData("", 27, "ai.onnx opset 27, which is newer than ONNX Runtime 1.31 supports (at most 26)")]
    [InlineData("ai.onnx", 27, "ai.onnx opset 27, which is newer than ONNX Runtime 1.31 supports (at most 26)")]
    [InlineData("", 6, "ai.onnx opset 6, which is older than Maas supports (at least 7)")]
    [InlineData("ai.onnx.ml", 6, "ai.onnx.ml opset 6, which is newer than ONNX Runtime 1.31 supports (at most 5)")]
    [InlineData("com.microsoft", 2, "com.microsoft opset 2, which is newer than ONNX Runtime 1.31 supports (at most 1)")]
    public void Inspect_UnsupportedOpsetVersion_RejectsNamingDomainAndLimit(string domain, long version, string expected)
    {
        var model = TestModels.Add();
        model.OpsetImport.Clear();
        model.OpsetImport.Add(TestModels.Opset(domain, version));

        Assert.Contains(expected, Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_SupportedDomains_ReportsOpsetsWithDefaultDomainNamed()
    {
        var model = TestModels.Add();
        model.OpsetImport.Add(TestModels.Opset("ai.onnx.ml", 5));
        model.OpsetImport.Add(TestModels.Opset("com.microsoft", 1));

        var description = OnnxModelInspector.Inspect(model.ToStream());

        Assert.Equal(
            new Dictionary<string, long> { ["ai.onnx"] = 17, ["ai.onnx.ml"] = 5, ["com.microsoft"] = 1 },
            description.Opsets);
    }

    [Fact]
    public void Inspect_DefaultDomainImportedTwice_Rejects()
    {
        var model = TestModels.Add();
        model.OpsetImport.Add(TestModels.Opset("ai.onnx", 17));

        Assert.Contains("imports the 'ai.onnx' operator set twice", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_NoOpsetImport_Rejects()
    {
        var model = TestModels.Add();
        model.OpsetImport.Clear();

        Assert.Contains("imports no operator sets", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_CustomDomainImport_RejectsAsNativeCode()
    {
        var model = TestModels.Add();
        model.OpsetImport.Add(TestModels.Opset("com.example.fast", 1));

        var message = Rejections.Of(model);

        Assert.Contains("uses operator domain 'com.example.fast', which Maas does not load: custom operators can run native code", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_CustomDomainNodeWithoutImport_RejectsNamingTheNode()
    {
        var model = TestModels.Add();
        model.Graph.Node[0].Domain = "com.example.fast";

        var message = Rejections.Of(model);

        Assert.Contains("node 'add' (Add)", message, StringComparison.Ordinal);
        Assert.Contains("operator domain 'com.example.fast'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_DomainOfModelLocalFunction_Accepts()
    {
        var model = TestModels.Add();
        var function = new FunctionProto { Name = "MyAdd", Domain = "local.functions", Input = { "x", "y" }, Output = { "z" } };
        function.Node.Add(TestModels.Node("Add", ["x", "y"], ["z"], "inner"));
        function.OpsetImport.Add(TestModels.Opset(string.Empty, 17));
        model.Functions.Add(function);
        model.OpsetImport.Add(TestModels.Opset("local.functions", 1));
        model.Graph.Node[0].OpType = "MyAdd";
        model.Graph.Node[0].Domain = "local.functions";

        var description = OnnxModelInspector.Inspect(model.ToStream());

        Assert.Equal(1, description.Opsets["local.functions"]);
    }

    [Fact]
    public void Inspect_FunctionImportingTooNewOpset_Rejects()
    {
        var model = TestModels.Add();
        var function = new FunctionProto { Name = "MyAdd", Domain = "local.functions" };
        function.OpsetImport.Add(TestModels.Opset(string.Empty, 27));
        model.Functions.Add(function);

        Assert.Contains("function 'MyAdd' imports ai.onnx opset 27", Rejections.Of(model), StringComparison.Ordinal);
    }
}
