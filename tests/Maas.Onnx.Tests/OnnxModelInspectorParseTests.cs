using System.Text;
using Maas.Core;
using Maas.Onnx.Proto;

namespace Maas.Onnx.Tests;

public sealed class OnnxModelInspectorParseTests
{
    private const string NotParsed = "does not parse as an ONNX ModelProto";

    [Fact]
    public void Inspect_TruncatedModel_RejectsAsUnparsable()
    {
        var bytes = File.ReadAllBytes(TestFixtures.Model("breast_cancer_mlp"));

        var message = Rejections.Of(new MemoryStream(bytes[..(bytes.Length / 2)]));

        Assert.Contains(NotParsed, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_TextFile_RejectsAsUnparsable()
    {
        var text = Encoding.UTF8.GetBytes("features,probability\n0.5,0.25\nThis is a CSV file, not an ONNX model.\n");

        var message = Rejections.Of(new MemoryStream(text));

        Assert.Contains(NotParsed, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_RandomBytes_RejectsAsUnparsable()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);

        var message = Rejections.Of(new MemoryStream(bytes));

        Assert.Contains(NotParsed, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_EmptyStream_RejectsAsEmpty()
    {
        var message = Rejections.Of(new MemoryStream());

        Assert.Contains(NotParsed, message, StringComparison.Ordinal);
        Assert.Contains("empty", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_MessageWithNothingOnnxInIt_RejectsAsUnparsable()
    {
        var message = Rejections.Of(new ModelProto { ProducerName = "notepad" });

        Assert.Contains($"{NotParsed}: it has no IR version, operator sets or graph", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_NestingBeyondRecursionLimit_RejectsAsUnparsable()
    {
        var model = TestModels.Add();
        var type = model.Graph.Output[0].Type;
        for (var depth = 0; depth < 200; depth++)
        {
            type = new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = type } };
        }

        model.Graph.Output[0].Type = type;

        Assert.Contains(NotParsed, Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ModelWithoutGraph_RejectsNamingTheGraph()
    {
        var model = TestModels.Add();
        model.Graph = null;

        Assert.Contains("has no graph", Rejections.Of(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_DamagedBytes_RejectsOnlyAsInvalidModel()
    {
        // Whatever the damage, the caller sees an accepted model or an InvalidModel rejection, never another exception.
        var original = File.ReadAllBytes(TestFixtures.Model("breast_cancer_mlp"));
        var random = new Random(7);
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var bytes = (byte[])original.Clone();
            for (var flip = 0; flip < 1 + attempt % 8; flip++)
            {
                bytes[random.Next(Math.Min(bytes.Length, 4096))] = (byte)random.Next(256);
            }

            try
            {
                OnnxModelInspector.Inspect(new MemoryStream(bytes));
            }
            catch (MaasException exception)
            {
                Assert.Equal(ErrorCode.InvalidModel, exception.Code);
            }
        }
    }

    [Fact]
    public void Inspect_NullStream_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => OnnxModelInspector.Inspect(null!));
    }

    [Fact]
    public void Inspect_Stream_ReadsToTheEndAndLeavesItOpen()
    {
        using var stream = TestModels.Add().ToStream();

        OnnxModelInspector.Inspect(stream);

        Assert.True(stream.CanRead);
        Assert.Equal(stream.Length, stream.Position);
    }
}
