using System.Text.Json;
using Maas.Core;
using Maas.Core.Inference;

namespace Maas.Server.Inference.Protocol.Rest;

internal static partial class RestRequestParser
{
    private static List<PendingInput> ReadInputs(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, InferenceLimits limits)
    {
        JsonTokens.ReadExpecting(ref reader, JsonTokenType.StartArray, "The request 'inputs'");
        var inputs = new List<PendingInput>();
        while (true)
        {
            JsonTokens.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return inputs;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw MaasException.Invalid($"Input #{inputs.Count} must be a JSON object, not {JsonTokens.Describe(ref reader)}.");
            }

            if (inputs.Count == limits.MaxTensors)
            {
                throw MaasException.Invalid($"The request has more than {limits.MaxTensors} inputs.");
            }

            var input = ReadInput(ref reader, json, inputs.Count, limits);
            if (inputs.Exists(other => other.Name == input.Name))
            {
                throw TensorChecks.Duplicate("Input", input.Name);
            }

            inputs.Add(input);
        }
    }

    private static PendingInput ReadInput(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, int index, InferenceLimits limits)
    {
        string? name = null;
        string? datatypeText = null;
        long[]? shape = null;
        long? binaryDataSize = null;
        InferTensor? tensor = null;
        var hasData = false;
        var deferred = (Start: -1, End: 0, Depth: 0);
        while (true)
        {
            JsonTokens.Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var label = new TensorLabel("Input", name, index);
            if (reader.ValueTextEquals("name"u8))
            {
                Once(name is null, label, "name");
                JsonTokens.Read(ref reader);
                name = JsonTokens.GetString(ref reader, label, "name");
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                Once(datatypeText is null, label, "datatype");
                JsonTokens.Read(ref reader);
                datatypeText = JsonTokens.GetString(ref reader, label, "datatype");
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                Once(shape is null, label, "shape");
                shape = ReadShape(ref reader, label, limits);
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                binaryDataSize = ReadInputParameters(ref reader, label);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                Once(!hasData, label, "data");
                hasData = true;
                JsonTokens.Read(ref reader);
                if (name is not null && datatypeText is not null && shape is not null)
                {
                    // The usual order (name, shape, datatype, data) decodes in one pass, straight into the tensor.
                    tensor = DecodeData(ref reader, json.Length, name, datatypeText, shape, 0, limits);
                }
                else
                {
                    deferred = ((int)reader.TokenStartIndex, 0, reader.CurrentDepth);
                    reader.Skip();
                    deferred.End = (int)reader.BytesConsumed;
                }
            }
            else
            {
                JsonTokens.Read(ref reader);
                reader.Skip();
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            throw MaasException.Invalid($"Input #{index} has no name.");
        }

        _ = TensorChecks.ParseDatatype(name, datatypeText);
        if (shape is null)
        {
            throw MaasException.Invalid($"Input '{name}' has no shape.");
        }

        var declaration = TensorDeclaration.Create(name, datatypeText, shape, limits);
        if (hasData == binaryDataSize.HasValue)
        {
            throw MaasException.Invalid(hasData
                ? $"Input '{name}' has both 'data' and parameters.binary_data_size; it needs exactly one."
                : $"Input '{name}' has neither 'data' nor parameters.binary_data_size; it needs exactly one.");
        }

        if (deferred.Start >= 0)
        {
            var data = json[deferred.Start..deferred.End];
            var dataReader = new Utf8JsonReader(data, ReaderOptions(limits));
            dataReader.Read();
            tensor = DecodeData(ref dataReader, data.Length, name, datatypeText, shape, deferred.Depth, limits);
        }

        return new PendingInput(declaration) { Tensor = tensor, BinaryDataSize = binaryDataSize };
    }

    private static InferTensor DecodeData(
        ref Utf8JsonReader reader, int jsonLength, string name, string? datatypeText, long[] shape, int depthOffset, InferenceLimits limits)
    {
        var input = TensorDeclaration.Create(name, datatypeText, shape, limits);
        if (input.Datatype is TensorDataType.FP16 or TensorDataType.BF16)
        {
            throw MaasException.Invalid($"Input '{name}' is {input.Datatype}, which cannot travel as JSON; use the binary tensor extension.");
        }

        var available = jsonLength - (int)reader.TokenStartIndex;
        return JsonTensorDecoder.Decode(ref reader, input, available, depthOffset, limits.MaxJsonDepth);
    }
}
