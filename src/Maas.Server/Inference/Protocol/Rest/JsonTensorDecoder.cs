using System.Text.Json;
using Maas.Core;
using Maas.Core.Inference;

namespace Maas.Server.Inference.Protocol.Rest;

/// <summary>
/// Decodes a JSON <c>data</c> array, flat or nested to any depth within the limit, straight into the little-endian
/// buffer of an <see cref="InferTensor"/> (or its strings for BYTES). Nesting is walked with a counter, never by
/// recursion, so hostile depth cannot exhaust the stack.
/// </summary>
internal static partial class JsonTensorDecoder
{
    /// <param name="reader">Positioned on the token after the <c>data</c> property name.</param>
    /// <param name="input">The declaration the data must match.</param>
    /// <param name="availableBytes">JSON bytes from the array to the end of the text: a bound on the element count.</param>
    /// <param name="depthOffset">Containers open around the array that the reader does not see (0 if it sees them all).</param>
    /// <param name="maxDepth">The document's nesting limit, counting every open container.</param>
    public static InferTensor Decode(
        ref Utf8JsonReader reader, TensorDeclaration input, int availableBytes, int depthOffset, int maxDepth)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw MaasException.Invalid($"Input '{input.Name}' data must be a JSON array, not {JsonTokens.Describe(ref reader)}.");
        }

        // n elements take at least 2n + 1 bytes of text ("[1,2]"), so a larger count cannot be met: allocate nothing
        // for it and let the count check report the real number.
        var capacity = input.ElementCount <= availableBytes / 2 ? (int)input.ElementCount : 0;
        var strings = input.Datatype == TensorDataType.BYTES ? new string[capacity] : null;
        var bytes = strings is null
            ? GC.AllocateUninitializedArray<byte>(TensorChecks.ByteSize(input.Name, input.Datatype, capacity))
            : [];
        var count = ReadElements(ref reader, input, new ElementSink(bytes, strings, capacity), depthOffset, maxDepth);
        if (count != input.ElementCount)
        {
            throw TensorChecks.CountMismatch(input.Name, count, input.Shape, input.ElementCount);
        }

        return strings is null
            ? new InferTensor(input.Name, input.Datatype, input.Shape, bytes)
            : new InferTensor(input.Name, input.Shape, strings);
    }

    private static long ReadElements(
        ref Utf8JsonReader reader, TensorDeclaration input, ElementSink sink, int depthOffset, int maxDepth)
    {
        CheckDepth(ref reader, input, depthOffset, maxDepth);
        var depth = 1;
        long count = 0;
        while (true)
        {
            JsonTokens.Read(ref reader);
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    CheckDepth(ref reader, input, depthOffset, maxDepth);
                    depth++;
                    break;
                case JsonTokenType.EndArray:
                    if (--depth == 0)
                    {
                        return count;
                    }

                    break;
                default:
                    ReadElement(ref reader, input, sink, count);
                    count++;
                    break;
            }
        }
    }

    private static void CheckDepth(ref Utf8JsonReader reader, TensorDeclaration input, int depthOffset, int maxDepth)
    {
        // CurrentDepth of a StartArray counts the containers around it; +1 counts the array itself.
        if (depthOffset + reader.CurrentDepth + 1 > maxDepth)
        {
            throw MaasException.Invalid($"Input '{input.Name}' data nests deeper than the limit of {maxDepth} JSON levels.");
        }
    }
}
