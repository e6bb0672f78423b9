using Google.Protobuf;
using Maas.Onnx.Proto;

namespace Maas.Onnx.Graphs;

/// <summary>Node attributes by ONNX attribute type, for <see cref="GraphBuilder.Op"/>.</summary>
public static class Attr
{
    /// <summary>An INT attribute, such as <c>axis</c> or <c>keepdims</c>.</summary>
    public static AttributeProto Whole(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An INTS attribute, such as <c>kernel_shape</c> or <c>pads</c>.</summary>
    public static AttributeProto Wholes(string name, params long[] values) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Ints, Ints = { values } };

    /// <summary>A FLOAT attribute, such as <c>alpha</c>.</summary>
    public static AttributeProto Real(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A FLOATS attribute, such as a tree ensemble's thresholds.</summary>
    public static AttributeProto Reals(string name, params float[] values) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Floats, Floats = { values } };

    /// <summary>A STRING attribute, written as UTF-8.</summary>
    public static AttributeProto Text(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>A STRINGS attribute, each written as UTF-8.</summary>
    public static AttributeProto Texts(string name, params string[] values) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Strings, Strings = { values.Select(ByteString.CopyFromUtf8) } };
}
