using System.Text;

namespace Maas.Runtime.Tests;

/// <summary>
/// Writes one-node ONNX models (IR 7, opset 13) straight as protobuf, for datatypes and failures the fixtures do
/// not cover. A dimension of -1 is written as a symbolic dimension.
/// </summary>
internal static class TinyOnnx
{
    public const int Float = 1;
    public const int Int64 = 7;
    public const int String = 8;
    public const int Float16 = 10;
    public const int BFloat16 = 16;

    /// <summary>y = Identity(x).</summary>
    public static byte[] Identity(int elementType, long[] shape) =>
        Model(Node("Identity", ["x"], ["y"]), initializer: null, ValueInfo("x", elementType, shape), ValueInfo("y", elementType, shape));

    /// <summary>y = Reshape(x, <paramref name="target"/>), with the target shape as an initialiser.</summary>
    public static byte[] Reshape(long[] inputShape, long[] target) =>
        Model(
            Node("Reshape", ["x", "shape"], ["y"]),
            Int64Tensor("shape", target),
            ValueInfo("x", Float, inputShape),
            ValueInfo("y", Float, target));

    private static byte[] Model(byte[] node, byte[]? initializer, byte[] input, byte[] output)
    {
        var graph = new Writer().Bytes(1, node).String(2, "tiny");
        if (initializer is not null)
        {
            graph.Bytes(5, initializer);
        }

        graph.Bytes(11, input).Bytes(12, output);
        var opset = new Writer().String(1, string.Empty).Varint(2, 13);
        return new Writer().Varint(1, 7).String(2, "maas-tests").Bytes(7, graph.ToArray()).Bytes(8, opset.ToArray()).ToArray();
    }

    private static byte[] Node(string opType, string[] inputs, string[] outputs)
    {
        var node = new Writer();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        foreach (var output in outputs)
        {
            node.String(2, output);
        }

        return node.String(4, opType).ToArray();
    }

    private static byte[] Int64Tensor(string name, long[] values)
    {
        var packed = new Writer();
        foreach (var value in values)
        {
            packed.RawVarint((ulong)value);
        }

        return new Writer().Varint(1, values.Length).Varint(2, Int64).Bytes(7, packed.ToArray()).String(8, name).ToArray();
    }

    private static byte[] ValueInfo(string name, int elementType, long[] shape)
    {
        var dims = new Writer();
        foreach (var dim in shape)
        {
            dims.Bytes(1, dim < 0 ? new Writer().String(2, "n").ToArray() : new Writer().Varint(1, dim).ToArray());
        }

        var tensor = new Writer().Varint(1, elementType).Bytes(2, dims.ToArray());
        var type = new Writer().Bytes(1, tensor.ToArray());
        return new Writer().String(1, name).Bytes(2, type.ToArray()).ToArray();
    }

    private sealed class Writer
    {
        private readonly List<byte> _buffer = [];

        public Writer Varint(int field, long value) => Tag(field, 0).RawVarint((ulong)value);

        public Writer String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Writer Bytes(int field, byte[] value)
        {
            Tag(field, 2).RawVarint((ulong)value.Length);
            _buffer.AddRange(value);
            return this;
        }

        public Writer RawVarint(ulong value)
        {
            while (value >= 0x80)
            {
                _buffer.Add((byte)(value | 0x80));
                value >>= 7;
            }

            _buffer.Add((byte)value);
            return this;
        }

        public byte[] ToArray() => _buffer.ToArray();

        private Writer Tag(int field, int wireType) => RawVarint((ulong)((field << 3) | wireType));
    }
}
