using System.Runtime.InteropServices;
using Maas.Core;
using Maas.Core.Inference;

namespace Maas.Runtime.Tests;

/// <summary>Builds and reads the raw little-endian tensors the runtime takes and returns.</summary>
internal static class Tensors
{
    public static InferTensor Fp32(string name, long[] shape, float[] values) =>
        new(name, TensorDataType.FP32, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static InferTensor Int64(string name, long[] shape, long[] values) =>
        new(name, TensorDataType.INT64, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static float[] ToFloats(InferTensor tensor)
    {
        Assert.Equal(TensorDataType.FP32, tensor.Datatype);
        return MemoryMarshal.Cast<byte, float>(tensor.Data.Span).ToArray();
    }

    public static long[] ToLongs(InferTensor tensor) => MemoryMarshal.Cast<byte, long>(tensor.Data.Span).ToArray();

    /// <summary>Rows <paramref name="start"/> .. start+count of a tensor's first dimension.</summary>
    public static InferTensor Rows(InferTensor tensor, int start, int count)
    {
        var rowBytes = tensor.Data.Length / (int)tensor.Shape[0];
        var shape = (long[])tensor.Shape.Clone();
        shape[0] = count;
        return new InferTensor(tensor.Name, tensor.Datatype, shape, tensor.Data.Slice(start * rowBytes, count * rowBytes).ToArray());
    }

    /// <summary>numpy's allclose with the fixtures' tolerance: 1e-4 absolute plus 1e-3 relative.</summary>
    public static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = 1e-4 + (1e-3 * Math.Abs(expected[i]));
            if (Math.Abs(expected[i] - actual[i]) > tolerance)
            {
                Assert.Fail($"{what}: element {i} is {actual[i]}, expected {expected[i]} (tolerance {tolerance}).");
            }
        }
    }
}
