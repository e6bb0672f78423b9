using System.Text.Json;
using Maas.Core;

namespace Maas.Server.Inference.Protocol.Rest;

/// <summary>
/// Parses the JSON part of a REST inference request with <see cref="Utf8JsonReader"/>, decoding <c>data</c> arrays
/// straight into tensor buffers. Unknown properties are skipped, as the protocol leaves room for extensions.
/// </summary>
internal static partial class RestRequestParser
{
    public static ParsedRequest Parse(ReadOnlySpan<byte> json, InferenceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (json.IsEmpty)
        {
            throw MaasException.Invalid("The request has no JSON body.");
        }

        var reader = new Utf8JsonReader(json, ReaderOptions(limits));
        try
        {
            return ParseRoot(ref reader, json, limits);
        }
        catch (JsonException ex)
        {
            throw new MaasException(ErrorCode.InvalidArgument, $"The request is not valid JSON: {ex.Message}", ex);
        }
    }

    // One level above the limit, so that too-deep data meets the decoder's clear message before the reader's own.
    private static JsonReaderOptions ReaderOptions(InferenceLimits limits) => new() { MaxDepth = limits.MaxJsonDepth + 1 };

    private static ParsedRequest ParseRoot(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, InferenceLimits limits)
    {
        JsonTokens.Read(ref reader);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw MaasException.Invalid($"The request must be a JSON object, not {JsonTokens.Describe(ref reader)}.");
        }

        string? id = null;
        var binaryOutputDefault = false;
        List<PendingInput>? inputs = null;
        List<RequestedOutput>? outputs = null;
        while (true)
        {
            JsonTokens.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (reader.ValueTextEquals("inputs"u8))
            {
                Once(inputs is null, "The request", "inputs");
                inputs = ReadInputs(ref reader, json, limits);
            }
            else if (reader.ValueTextEquals("outputs"u8))
            {
                Once(outputs is null, "The request", "outputs");
                outputs = ReadOutputs(ref reader, limits);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                JsonTokens.Read(ref reader);
                id = reader.TokenType == JsonTokenType.Null ? null : JsonTokens.GetString(ref reader, "The request 'id'");
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                binaryOutputDefault = ReadRequestParameters(ref reader);
            }
            else
            {
                JsonTokens.Read(ref reader);
                reader.Skip();
            }
        }

        // Only whitespace may follow; anything else makes the reader throw.
        if (reader.Read())
        {
            throw MaasException.Invalid("The request has more JSON after its object.");
        }

        if (inputs is null)
        {
            throw MaasException.Invalid("The request has no 'inputs'.");
        }

        return new ParsedRequest(string.IsNullOrEmpty(id) ? null : id, inputs, outputs ?? [], binaryOutputDefault);
    }

    private static bool ReadRequestParameters(ref Utf8JsonReader reader)
    {
        JsonTokens.ReadExpecting(ref reader, JsonTokenType.StartObject, "The request 'parameters'");
        var binaryOutputDefault = false;
        while (true)
        {
            JsonTokens.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return binaryOutputDefault;
            }

            var key = JsonTokens.GetString(ref reader, "A request parameter name");
            JsonTokens.Read(ref reader);
            if (key == "binary_data_output")
            {
                binaryOutputDefault = ReadBool(ref reader, "Request parameter 'binary_data_output'");
                continue;
            }

            UnsupportedParameters.ThrowIfSequence(key, IsUnset(ref reader));
            reader.Skip();
        }
    }

    private static bool IsUnset(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => reader.TryGetInt64(out var n) && n == 0,
        JsonTokenType.String => reader.ValueSpan.IsEmpty,
        JsonTokenType.Null => true,
        _ => false,
    };

    private static bool ReadBool(ref Utf8JsonReader reader, string what) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw MaasException.Invalid($"{what} must be true or false, not {JsonTokens.Describe(ref reader)}."),
    };

    private static void Once<TOwner>(bool first, TOwner owner, string property)
    {
        if (!first)
        {
            throw MaasException.Invalid($"{owner} has more than one '{property}'.");
        }
    }
}
