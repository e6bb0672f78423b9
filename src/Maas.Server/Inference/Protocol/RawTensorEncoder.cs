using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Maas.Core.Inference;

namespace Maas.Server.Inference.Protocol;

/// <summary>Writes an <see cref="InferTensor"/> in the raw layout shared by the binary extension and gRPC raw contents.</summary>
internal static class RawTensorEncoder
{
    /// <summary>Bytes the raw layout takes: the data itself, or a 4-byte length plus UTF-8 per BYTES element.</summary>
    public static long ByteSize(InferTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Strings is not { } strings)
        {
            return tensor.Data.Length;
        }

        long size = 4L * strings.Length;
        foreach (var s in strings)
        {
            size += Encoding.UTF8.GetByteCount(s);
        }

        return size;
    }

    public static void Write(InferTensor tensor, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(destination);
        if (tensor.Strings is not { } strings)
        {
            destination.Write(tensor.Data.Span);
            return;
        }

        foreach (var s in strings)
        {
            // The maximum is a cheap over-estimate that saves counting each string a second time.
            var span = destination.GetSpan(4 + Encoding.UTF8.GetMaxByteCount(s.Length));
            var length = Encoding.UTF8.GetBytes(s, span[4..]);
            BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)length);
            destination.Advance(4 + length);
        }
    }

    /// <summary>The raw bytes as one buffer: the tensor's own memory when it has a fixed size, a new array for BYTES.</summary>
    public static ReadOnlyMemory<byte> ToMemory(InferTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Strings is null)
        {
            return tensor.Data;
        }

        var buffer = new byte[ByteSize(tensor)];
        var offset = 0;
        foreach (var s in tensor.Strings)
        {
            var length = Encoding.UTF8.GetBytes(s, buffer.AsSpan(offset + 4));
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(offset), (uint)length);
            offset += 4 + length;
        }

        return buffer;
    }
}
