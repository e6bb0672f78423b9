using System.Text.Json;
using Maas.Core;

namespace Maas.Server.Inference.Protocol.Rest;

internal static partial class RestRequestParser
{
    private static List<RequestedOutput> ReadOutputs(ref Utf8JsonReader reader, InferenceLimits limits)
    {
        JsonTokens.ReadExpecting(ref reader, JsonTokenType.StartArray, "The request 'outputs'");
        var outputs = new List<RequestedOutput>();
        while (true)
        {
            JsonTokens.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return outputs;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw MaasException.Invalid($"Output #{outputs.Count} must be a JSON object, not {JsonTokens.Describe(ref reader)}.");
            }

            if (outputs.Count == limits.MaxTensors)
            {
                throw MaasException.Invalid($"The request asks for more than {limits.MaxTensors} outputs.");
            }

            var output = ReadOutput(ref reader, outputs.Count);
            if (outputs.Exists(other => other.Name == output.Name))
            {
                throw TensorChecks.Duplicate("Output", output.Name);
            }

            outputs.Add(output);
        }
    }

    private static RequestedOutput ReadOutput(ref Utf8JsonReader reader, int index)
    {
        string? name = null;
        bool? binary = null;
        int? classification = null;
        while (true)
        {
            JsonTokens.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var label = new TensorLabel("Output", name, index);
            if (reader.ValueTextEquals("name"u8))
            {
                JsonTokens.Read(ref reader);
                name = JsonTokens.GetString(ref reader, label, "name");
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                (binary, classification) = ReadOutputParameters(ref reader, label);
            }
            else
            {
                JsonTokens.Read(ref reader);
                reader.Skip();
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            throw MaasException.Invalid($"Output #{index} has no name.");
        }

        return new RequestedOutput(name, binary, classification);
    }

    private static (bool? Binary, int? Classification) ReadOutputParameters(ref Utf8JsonReader reader, TensorLabel label)
    {
        JsonTokens.ReadExpecting(ref reader, JsonTokenType.StartObject, label, "parameters");
        bool? binary = null;
        int? classification = null;
        while (true)
        {
            JsonTokens.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return (binary, classification);
            }

            if (reader.ValueTextEquals("binary_data"u8))
            {
                JsonTokens.Read(ref reader);
                binary = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw MaasException.Invalid($"{label} parameter 'binary_data' must be true or false, not {JsonTokens.Describe(ref reader)}."),
                };
            }
            else if (reader.ValueTextEquals("classification"u8))
            {
                JsonTokens.Read(ref reader);
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var n) || n < 1)
                {
                    throw MaasException.Invalid(
                        $"{label} parameter 'classification' must be a positive integer, not {JsonTokens.Describe(ref reader)}.");
                }

                classification = n;
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
