using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Maas.Training.Engine;

/// <summary>A tensor's value outside ONNX Runtime: element type (float or int64), shape and little-endian bytes.</summary>
internal sealed record TensorState(TensorElementType Type, long[] Shape, byte[] Data)
{
    public static TensorState FromFloats(float[] values, long[] shape) =>
        new(TensorElementType.Float, shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>Copies an OrtValue's contents out.</summary>
    public static TensorState Read(OrtValue value, TensorElementType type, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = type == TensorElementType.Int64
            ? System.Runtime.InteropServices.MemoryMarshal.AsBytes(value.GetTensorDataAsSpan<long>()).ToArray()
            : System.Runtime.InteropServices.MemoryMarshal.AsBytes(value.GetTensorDataAsSpan<float>()).ToArray();
        return new TensorState(type, shape, bytes);
    }

    public float[] AsFloats() => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Data).ToArray();

    /// <summary>Copies the contents into an OrtValue of the same type and size.</summary>
    public void WriteTo(OrtValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var target = Type == TensorElementType.Int64
            ? System.Runtime.InteropServices.MemoryMarshal.AsBytes(value.GetTensorMutableDataAsSpan<long>())
            : System.Runtime.InteropServices.MemoryMarshal.AsBytes(value.GetTensorMutableDataAsSpan<float>());
        if (target.Length != Data.Length)
        {
            throw new InvalidOperationException($"A tensor of {Data.Length} bytes does not fit one of {target.Length}.");
        }

        Data.CopyTo(target);
    }
}
