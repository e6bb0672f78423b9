using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using Maas.Core;
using Maas.Core.Inference;

namespace Maas.Server.Inference.Protocol;

/// <summary>
/// Turns the raw layout (binary extension blobs and gRPC raw contents alike) into an <see cref="InferTensor"/>.
/// Fixed-size data is wrapped, not copied: the tensor keeps a slice of the caller's buffer.
/// </summary>
internal static class RawTensorDecoder
{
    public static InferTensor Decode(TensorDeclaration input, ReadOnlyMemory<byte> raw, InferenceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var (name, datatype, shape, count) = input;
        if (datatype == TensorDataType.BYTES)
        {
            return new InferTensor(name, shape, DecodeStrings(name, shape, count, raw.Span, limits));
        }

        var expected = TensorChecks.ByteSize(name, datatype, count);
        if (raw.Length != expected)
        {
            throw MaasException.Invalid(
                $"Input '{name}' has {raw.Length} bytes of binary data, but shape {TensorShapes.Format(shape)} of {datatype} needs {expected}.");
        }

        // ONNX Runtime reads any non-zero byte as true, but a value other than 0 or 1 is a client bug worth reporting.
        if (datatype == TensorDataType.BOOL && raw.Span.IndexOfAnyExcept((byte)0, (byte)1) >= 0)
        {
            throw MaasException.Invalid($"Input '{name}' of type BOOL holds a byte other than 0 or 1.");
        }

        return new InferTensor(name, datatype, shape, raw);
    }

    /// <summary>Elements each preceded by a 4-byte little-endian length, concatenated with no padding.</summary>
    private static string[] DecodeStrings(string name, long[] shape, long count, ReadOnlySpan<byte> raw, InferenceLimits limits)
    {
        // Every element takes at least its 4-byte prefix, so a larger count cannot fit and must not be allocated.
        if (count > raw.Length / 4)
        {
            throw MaasException.Invalid(
                $"Input '{name}' has {raw.Length} bytes of binary data, too few for the {count} BYTES elements of shape {TensorShapes.Format(shape)}.");
        }

        var strings = new string[count];
        var offset = 0;
        for (var i = 0; i < strings.Length; i++)
        {
            if (raw.Length - offset < 4)
            {
                throw MaasException.Invalid($"Input '{name}' binary data ends after {i} of its {count} BYTES elements.");
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(raw[offset..]);
            offset += 4;
            if (length > (uint)limits.MaxBytesElementLength)
            {
                throw MaasException.Invalid(
                    $"Input '{name}' element {i} is {length} bytes long, more than the limit of {limits.MaxBytesElementLength}.");
            }

            if (length > (uint)(raw.Length - offset))
            {
                throw MaasException.Invalid($"Input '{name}' element {i} claims {length} bytes, but only {raw.Length - offset} remain.");
            }

            strings[i] = DecodeUtf8(name, i, raw.Slice(offset, (int)length));
            offset += (int)length;
        }

        if (offset != raw.Length)
        {
            throw MaasException.Invalid(
                $"Input '{name}' has {raw.Length - offset} bytes of binary data left after its {count} BYTES elements.");
        }

        return strings;
    }

    /// <summary>BYTES tensors hold strings, so anything that is not UTF-8 cannot be represented and is refused.</summary>
    public static string DecodeUtf8(string name, long index, ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw MaasException.Invalid($"Input '{name}' element {index} is not valid UTF-8.");
        }

        return Encoding.UTF8.GetString(utf8);
    }
}
