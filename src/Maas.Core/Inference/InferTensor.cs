namespace Maas.Core.Inference;

/// <summary>
/// A tensor crossing the serving path, independent of the wire protocol that carried it. Fixed-size types hold their
/// elements as little-endian, row-major bytes in <see cref="Data"/> (the layout of the binary extension and of gRPC
/// raw contents, so those arrive without conversion); <see cref="TensorDataType.BYTES"/> holds one string per
/// element in <see cref="Strings"/> (ONNX string tensors are UTF-8).
/// </summary>
public sealed class InferTensor
{
    /// <summary>Creates a tensor of a fixed-size type from its raw bytes; the length must match the shape.</summary>
    public InferTensor(string name, TensorDataType datatype, long[] shape, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (datatype == TensorDataType.BYTES)
        {
            throw new ArgumentException("BYTES tensors carry strings; use the other constructor.", nameof(datatype));
        }

        Name = name;
        Datatype = datatype;
        Shape = shape;
        Data = data;
        ElementCount = TensorShapes.ElementCount(shape);
        if (ElementCount > data.Length || ElementCount * datatype.ElementSize() != data.Length)
        {
            throw new ArgumentException($"Tensor '{name}' has {data.Length} bytes, which does not fit shape {TensorShapes.Format(shape)} of {datatype}.", nameof(data));
        }
    }

    /// <summary>Creates a BYTES tensor from one string per element.</summary>
    public InferTensor(string name, long[] shape, string[] strings)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(strings);
        Name = name;
        Datatype = TensorDataType.BYTES;
        Shape = shape;
        Strings = strings;
        ElementCount = TensorShapes.ElementCount(shape);
        if (ElementCount != strings.Length)
        {
            throw new ArgumentException($"Tensor '{name}' has {strings.Length} strings, but shape {TensorShapes.Format(shape)} needs {ElementCount}.", nameof(strings));
        }
    }

    /// <summary>The input or output name in the graph.</summary>
    public string Name { get; }

    public TensorDataType Datatype { get; }

    /// <summary>Concrete dimensions, outermost first (never -1).</summary>
    public long[] Shape { get; }

    /// <summary>Little-endian, row-major element bytes; empty for BYTES tensors.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>One string per element for BYTES tensors; <c>null</c> otherwise.</summary>
    public string[]? Strings { get; }

    /// <summary>The product of the dimensions.</summary>
    public long ElementCount { get; }
}
