using System.Buffers.Binary;
using Maas.Core;
using Maas.Core.Inference;

namespace Maas.Server.Inference.Protocol.Grpc;

/// <summary>
/// Decodes the typed <see cref="InferTensorContents"/> lists into the raw layout. Narrow integer types arrive widened
/// (INT8/16 in <c>int_contents</c>, UINT8/16 in <c>uint_contents</c>) and are range-checked on the way down.
/// </summary>
internal static class TypedContentsDecoder
{
    private static readonly InferTensorContents Empty = new();

    public static InferTensor Decode(TensorDeclaration input, InferTensorContents? contents, InferenceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        contents ??= Empty;
        var expected = ContentsFields.ExpectedField(input.Datatype);
        ContentsFields.ThrowIfOtherFieldSet(input, contents, expected);
        if (expected is null)
        {
            return input.ElementCount == 0
                ? new InferTensor(input.Name, input.Datatype, input.Shape, ReadOnlyMemory<byte>.Empty)
                : throw MaasException.Invalid($"Input '{input.Name}' is {input.Datatype}, which can only travel in raw_input_contents.");
        }

        var count = ContentsFields.Count(contents, input.Datatype);
        if (count != input.ElementCount)
        {
            throw TensorChecks.CountMismatch(input.Name, count, input.Shape, input.ElementCount);
        }

        if (input.Datatype == TensorDataType.BYTES)
        {
            var strings = new string[count];
            for (var i = 0; i < count; i++)
            {
                var element = contents.BytesContents[i].Span;
                if (element.Length > limits.MaxBytesElementLength)
                {
                    throw MaasException.Invalid(
                        $"Input '{input.Name}' element {i} is {element.Length} bytes long, more than the limit of {limits.MaxBytesElementLength}.");
                }

                strings[i] = RawTensorDecoder.DecodeUtf8(input.Name, i, element);
            }

            return new InferTensor(input.Name, input.Shape, strings);
        }

        var bytes = new byte[TensorChecks.ByteSize(input.Name, input.Datatype, count)];
        Fill(input, contents, bytes);
        return new InferTensor(input.Name, input.Datatype, input.Shape, bytes);
    }

    private static void Fill(TensorDeclaration input, InferTensorContents contents, Span<byte> bytes)
    {
        switch (input.Datatype)
        {
            case TensorDataType.BOOL:
                for (var i = 0; i < bytes.Length; i++) bytes[i] = contents.BoolContents[i] ? (byte)1 : (byte)0;
                break;
            case TensorDataType.INT8:
                for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)(sbyte)InRange(input, contents.IntContents[i], sbyte.MinValue, sbyte.MaxValue);
                break;
            case TensorDataType.INT16:
                for (var i = 0; i < bytes.Length / 2; i++) BinaryPrimitives.WriteInt16LittleEndian(bytes[(i * 2)..], (short)InRange(input, contents.IntContents[i], short.MinValue, short.MaxValue));
                break;
            case TensorDataType.INT32:
                for (var i = 0; i < bytes.Length / 4; i++) BinaryPrimitives.WriteInt32LittleEndian(bytes[(i * 4)..], contents.IntContents[i]);
                break;
            case TensorDataType.INT64:
                for (var i = 0; i < bytes.Length / 8; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes[(i * 8)..], contents.Int64Contents[i]);
                break;
            case TensorDataType.UINT8:
                for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)InRange(input, contents.UintContents[i], 0, byte.MaxValue);
                break;
            case TensorDataType.UINT16:
                for (var i = 0; i < bytes.Length / 2; i++) BinaryPrimitives.WriteUInt16LittleEndian(bytes[(i * 2)..], (ushort)InRange(input, contents.UintContents[i], 0, ushort.MaxValue));
                break;
            case TensorDataType.UINT32:
                for (var i = 0; i < bytes.Length / 4; i++) BinaryPrimitives.WriteUInt32LittleEndian(bytes[(i * 4)..], contents.UintContents[i]);
                break;
            case TensorDataType.UINT64:
                for (var i = 0; i < bytes.Length / 8; i++) BinaryPrimitives.WriteUInt64LittleEndian(bytes[(i * 8)..], contents.Uint64Contents[i]);
                break;
            case TensorDataType.FP32:
                for (var i = 0; i < bytes.Length / 4; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes[(i * 4)..], contents.Fp32Contents[i]);
                break;
            case TensorDataType.FP64:
                for (var i = 0; i < bytes.Length / 8; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes[(i * 8)..], contents.Fp64Contents[i]);
                break;
            default:
                throw new InvalidOperationException($"{input.Datatype} has no typed contents field.");
        }
    }

    private static long InRange(TensorDeclaration input, long value, long min, long max) =>
        value >= min && value <= max
            ? value
            : throw MaasException.Invalid($"Input '{input.Name}' of type {input.Datatype} holds {value}, which is out of range.");
}
