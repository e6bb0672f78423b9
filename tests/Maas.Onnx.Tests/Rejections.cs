using Maas.Core;
using Maas.Onnx.Proto;

namespace Maas.Onnx.Tests;

/// <summary>Asserts that the inspector rejects a model as invalid and hands back the sentence it gave.</summary>
internal static class Rejections
{
    public static string Of(ModelProto model) => Of(model.ToStream());

    public static string Of(Stream stream) => Of(stream, OnnxGraphLimits.Default);

    public static string Of(Stream stream, OnnxGraphLimits limits)
    {
        var exception = Assert.Throws<MaasException>(() => OnnxModelInspector.Inspect(stream, limits));
        Assert.Equal(ErrorCode.InvalidModel, exception.Code);
        return exception.Message;
    }
}
