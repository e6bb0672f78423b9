using System.Text.Json;
using Maas.Core;

namespace Maas.Server.Inference.Protocol.Rest;

internal static partial class RestRequestParser
{
    /// <summary>Reads a shape, keeping at most one dimension past the rank limit so a huge array costs no memory.</summary>
    private static long[] ReadShape(ref Utf8JsonReader reader, TensorLabel label, InferenceLimits limits)
    {
        JsonTokens.ReadExpecting(ref reader, JsonTokenType.StartArray, label, "shape");
        Span<long> dims = stackalloc long[Math.Min(limits.MaxRank, 64) + 1];
        var rank = 0;
        while (true)
        {
            JsonTokens.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                break;
            }

            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var dim))
            {
                throw MaasException.Invalid($"{label} shape holds {JsonTokens.Describe(ref reader)}, which is not a dimension.");
            }

            if (rank < dims.Length)
            {
                dims[rank] = dim;
            }

            rank++;
        }

        if (rank > limits.MaxRank)
        {
            throw MaasException.Invalid($"{label} has rank {rank}, more than the limit of {limits.MaxRank}.");
        }

        return dims[..rank].ToArray();
    }

    /// <summary>Returns <c>binary_data_size</c> when present; other tensor parameters are ignored.</summary>
    private static long? ReadInputParameters(ref Utf8JsonReader reader, TensorLabel label)
    {
        JsonTokens.ReadExpecting(ref reader, JsonTokenType.StartObject, label, "parameters");
        long? binaryDataSize = null;
        while (true)
        {
            JsonTokens.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return binaryDataSize;
            }

            if (reader.ValueTextEquals("binary_data_size"u8))
            {
                JsonTokens.Read(ref reader);
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var size) || size < 0)
                {
                    throw MaasException.Invalid(
                        $"{label} parameter 'binary_data_size' must be a non-negative integer, not {JsonTokens.Describe(ref reader)}.");
                }

                binaryDataSize = size;
            }
            else if (reader.ValueTextEquals("shared_memory_region"u8))
            {
                throw UnsupportedParameters.SharedMemory(label.ToString());
            }
            else
            {
                JsonTokens.Read(ref reader);
                reader.Skip();
            }
        }
    }
}
