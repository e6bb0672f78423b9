using System.Buffers.Binary;
using System.Text.Json;
using Maas.Core;

namespace Maas.Server.Inference.Protocol.Rest;

internal static partial class JsonTensorDecoder
{
    private static void ReadElement(ref Utf8JsonReader reader, TensorDeclaration input, ElementSink sink, long index)
    {
        var store = index < sink.Capacity;
        var i = (int)Math.Min(index, int.MaxValue);
        var bytes = sink.Bytes.AsSpan();
        switch (input.Datatype)
        {
            case TensorDataType.BOOL:
                var flag = reader.TokenType switch
                {
                    JsonTokenType.True => (byte)1,
                    JsonTokenType.False => (byte)0,
                    _ => throw Rejected(ref reader, input, "is not true or false"),
                };
                if (store) bytes[i] = flag;
                break;
            case TensorDataType.INT8:
                var int8 = (sbyte)ReadInteger(ref reader, input, sbyte.MinValue, sbyte.MaxValue);
                if (store) bytes[i] = (byte)int8;
                break;
            case TensorDataType.INT16:
                var int16 = (short)ReadInteger(ref reader, input, short.MinValue, short.MaxValue);
                if (store) BinaryPrimitives.WriteInt16LittleEndian(bytes[(i * 2)..], int16);
                break;
            case TensorDataType.INT32:
                var int32 = (int)ReadInteger(ref reader, input, int.MinValue, int.MaxValue);
                if (store) BinaryPrimitives.WriteInt32LittleEndian(bytes[(i * 4)..], int32);
                break;
            case TensorDataType.INT64:
                var int64 = ReadInteger(ref reader, input, long.MinValue, long.MaxValue);
                if (store) BinaryPrimitives.WriteInt64LittleEndian(bytes[(i * 8)..], int64);
                break;
            case TensorDataType.UINT8:
                var uint8 = (byte)ReadUnsigned(ref reader, input, byte.MaxValue);
                if (store) bytes[i] = uint8;
                break;
            case TensorDataType.UINT16:
                var uint16 = (ushort)ReadUnsigned(ref reader, input, ushort.MaxValue);
                if (store) BinaryPrimitives.WriteUInt16LittleEndian(bytes[(i * 2)..], uint16);
                break;
            case TensorDataType.UINT32:
                var uint32 = (uint)ReadUnsigned(ref reader, input, uint.MaxValue);
                if (store) BinaryPrimitives.WriteUInt32LittleEndian(bytes[(i * 4)..], uint32);
                break;
            case TensorDataType.UINT64:
                var uint64 = ReadUnsigned(ref reader, input, ulong.MaxValue);
                if (store) BinaryPrimitives.WriteUInt64LittleEndian(bytes[(i * 8)..], uint64);
                break;
            case TensorDataType.FP32:
                if (reader.TokenType != JsonTokenType.Number) throw Rejected(ref reader, input, "is not a number");
                if (!reader.TryGetSingle(out var fp32) || !float.IsFinite(fp32)) throw Rejected(ref reader, input, "is out of range");
                if (store) BinaryPrimitives.WriteSingleLittleEndian(bytes[(i * 4)..], fp32);
                break;
            case TensorDataType.FP64:
                if (reader.TokenType != JsonTokenType.Number) throw Rejected(ref reader, input, "is not a number");
                if (!reader.TryGetDouble(out var fp64) || !double.IsFinite(fp64)) throw Rejected(ref reader, input, "is out of range");
                if (store) BinaryPrimitives.WriteDoubleLittleEndian(bytes[(i * 8)..], fp64);
                break;
            case TensorDataType.BYTES:
                if (reader.TokenType != JsonTokenType.String) throw Rejected(ref reader, input, "is not a string");
                var text = ReadText(ref reader, input, index);
                if (store) sink.Strings![i] = text;
                break;
            default:
                throw new InvalidOperationException($"{input.Datatype} has no JSON form; the caller rejects it first.");
        }
    }

    private static string ReadText(ref Utf8JsonReader reader, TensorDeclaration input, long index)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new MaasException(ErrorCode.InvalidArgument, $"Input '{input.Name}' element {index} is not valid UTF-8.", ex);
        }
    }

    private static long ReadInteger(ref Utf8JsonReader reader, TensorDeclaration input, long min, long max)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value >= min && value <= max ? value : throw Rejected(ref reader, input, "is out of range");
        }

        throw NotAnInteger(ref reader, input);
    }

    private static ulong ReadUnsigned(ref Utf8JsonReader reader, TensorDeclaration input, ulong max)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var value))
        {
            return value <= max ? value : throw Rejected(ref reader, input, "is out of range");
        }

        throw NotAnInteger(ref reader, input);
    }

    /// <summary>An integer literal that did not parse was too large (or negative for unsigned); anything else is not an integer.</summary>
    private static MaasException NotAnInteger(ref Utf8JsonReader reader, TensorDeclaration input) =>
        reader.TokenType == JsonTokenType.Number && reader.ValueSpan.IndexOfAny(".eE"u8) < 0
            ? Rejected(ref reader, input, "is out of range")
            : Rejected(ref reader, input, "is not an integer");

    private static MaasException Rejected(ref Utf8JsonReader reader, TensorDeclaration input, string problem) =>
        MaasException.Invalid($"Input '{input.Name}' of type {input.Datatype} holds {JsonTokens.Describe(ref reader)}, which {problem}.");
}
