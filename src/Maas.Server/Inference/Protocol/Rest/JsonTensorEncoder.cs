using System.Buffers.Binary;
using System.Text.Json;
using Maas.Core;
using Maas.Core.Inference;

namespace Maas.Server.Inference.Protocol.Rest;

/// <summary>
/// Writes a tensor's elements as a flat JSON array, reading the little-endian bytes in place (no boxing, no copies).
/// Floats use the shortest text that round-trips in their own precision; NaN and infinities, which JSON cannot
/// spell, are written as the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>.
/// </summary>
internal static class JsonTensorEncoder
{
    public static void WriteData(Utf8JsonWriter writer, InferTensor tensor)
    {
        writer.WriteStartArray();
        var data = tensor.Data.Span;
        var count = (int)tensor.ElementCount;
        switch (tensor.Datatype)
        {
            case TensorDataType.BOOL:
                foreach (var b in data) writer.WriteBooleanValue(b != 0);
                break;
            case TensorDataType.INT8:
                foreach (var b in data) writer.WriteNumberValue((sbyte)b);
                break;
            case TensorDataType.UINT8:
                foreach (var b in data) writer.WriteNumberValue(b);
                break;
            case TensorDataType.INT16:
                for (var i = 0; i < count; i++) writer.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(data[(i * 2)..]));
                break;
            case TensorDataType.UINT16:
                for (var i = 0; i < count; i++) writer.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..]));
                break;
            case TensorDataType.INT32:
                for (var i = 0; i < count; i++) writer.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]));
                break;
            case TensorDataType.UINT32:
                for (var i = 0; i < count; i++) writer.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(data[(i * 4)..]));
                break;
            case TensorDataType.INT64:
                for (var i = 0; i < count; i++) writer.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(data[(i * 8)..]));
                break;
            case TensorDataType.UINT64:
                for (var i = 0; i < count; i++) writer.WriteNumberValue(BinaryPrimitives.ReadUInt64LittleEndian(data[(i * 8)..]));
                break;
            case TensorDataType.FP32:
                for (var i = 0; i < count; i++) WriteFloat(writer, BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]));
                break;
            case TensorDataType.FP64:
                for (var i = 0; i < count; i++) WriteDouble(writer, BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]));
                break;
            case TensorDataType.BYTES:
                foreach (var s in tensor.Strings!) writer.WriteStringValue(s);
                break;
            default:
                throw new InvalidOperationException($"{tensor.Datatype} has no JSON form; the writer sends it binary.");
        }

        writer.WriteEndArray();
    }

    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            WriteNonFinite(writer, value);
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            WriteNonFinite(writer, value);
        }
    }

    private static void WriteNonFinite(Utf8JsonWriter writer, double value) =>
        writer.WriteStringValue(double.IsNaN(value) ? "NaN"u8 : value > 0 ? "Infinity"u8 : "-Infinity"u8);
}
