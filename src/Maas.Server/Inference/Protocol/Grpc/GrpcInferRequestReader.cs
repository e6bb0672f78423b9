using Maas.Core;
using Maas.Core.Inference;

namespace Maas.Server.Inference.Protocol.Grpc;

/// <summary>
/// Turns a <see cref="ModelInferRequest"/> into an <see cref="InferenceRequestMessage"/> with the same checks and
/// limits as REST. Raw contents are wrapped, not copied: the tensors keep the request's buffers.
/// </summary>
internal static class GrpcInferRequestReader
{
    public static InferenceRequestMessage Read(ModelInferRequest request, InferenceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        foreach (var (key, value) in request.Parameters)
        {
            UnsupportedParameters.ThrowIfSequence(key, IsUnset(value));
        }

        return new InferenceRequestMessage(
            request.Id.Length == 0 ? null : request.Id, ReadInputs(request, limits), ReadOutputs(request, limits), false);
    }

    private static InferTensor[] ReadInputs(ModelInferRequest request, InferenceLimits limits)
    {
        if (request.Inputs.Count > limits.MaxTensors)
        {
            throw MaasException.Invalid($"The request has more than {limits.MaxTensors} inputs.");
        }

        var raw = request.RawInputContents;
        if (raw.Count > 0 && raw.Count != request.Inputs.Count)
        {
            throw MaasException.Invalid(
                $"The request has {raw.Count} raw_input_contents for {request.Inputs.Count} inputs; it needs exactly one per input.");
        }

        var inputs = new InferTensor[request.Inputs.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var input = request.Inputs[i];
            if (input.Name.Length == 0)
            {
                throw MaasException.Invalid($"Input #{i} has no name.");
            }

            for (var j = 0; j < i; j++)
            {
                if (inputs[j].Name == input.Name)
                {
                    throw TensorChecks.Duplicate("Input", input.Name);
                }
            }

            if (input.Parameters.ContainsKey("shared_memory_region"))
            {
                throw UnsupportedParameters.SharedMemory($"Input '{input.Name}'");
            }

            if (input.Shape.Count > limits.MaxRank)
            {
                throw MaasException.Invalid($"Input '{input.Name}' has rank {input.Shape.Count}, more than the limit of {limits.MaxRank}.");
            }

            var declaration = TensorDeclaration.Create(input.Name, input.Datatype, [.. input.Shape], limits);
            inputs[i] = raw.Count == 0
                ? TypedContentsDecoder.Decode(declaration, input.Contents, limits)
                : input.Contents is null
                    ? RawTensorDecoder.Decode(declaration, raw[i].Memory, limits)
                    : throw MaasException.Invalid($"Input '{input.Name}' sets contents, which must stay unset when the request uses raw_input_contents.");
        }

        return inputs;
    }

    private static RequestedOutput[] ReadOutputs(ModelInferRequest request, InferenceLimits limits)
    {
        if (request.Outputs.Count > limits.MaxTensors)
        {
            throw MaasException.Invalid($"The request asks for more than {limits.MaxTensors} outputs.");
        }

        var outputs = new RequestedOutput[request.Outputs.Count];
        for (var i = 0; i < outputs.Length; i++)
        {
            var output = request.Outputs[i];
            if (output.Name.Length == 0)
            {
                throw MaasException.Invalid($"Output #{i} has no name.");
            }

            for (var j = 0; j < i; j++)
            {
                if (outputs[j].Name == output.Name)
                {
                    throw TensorChecks.Duplicate("Output", output.Name);
                }
            }

            if (output.Parameters.ContainsKey("shared_memory_region"))
            {
                throw UnsupportedParameters.SharedMemory($"Output '{output.Name}'");
            }

            outputs[i] = new RequestedOutput(output.Name, null, Classification(output));
        }

        return outputs;
    }

    private static int? Classification(ModelInferRequest.Types.InferRequestedOutputTensor output)
    {
        if (!output.Parameters.TryGetValue("classification", out var parameter))
        {
            return null;
        }

        return parameter.ParameterChoiceCase switch
        {
            InferParameter.ParameterChoiceOneofCase.Int64Param when parameter.Int64Param is >= 1 and <= int.MaxValue => (int)parameter.Int64Param,
            InferParameter.ParameterChoiceOneofCase.Uint64Param when parameter.Uint64Param is >= 1 and <= int.MaxValue => (int)parameter.Uint64Param,
            _ => throw MaasException.Invalid($"Output '{output.Name}' parameter 'classification' must be a positive int64_param."),
        };
    }

    private static bool IsUnset(InferParameter value) => value.ParameterChoiceCase switch
    {
        InferParameter.ParameterChoiceOneofCase.Int64Param => value.Int64Param == 0,
        InferParameter.ParameterChoiceOneofCase.Uint64Param => value.Uint64Param == 0,
        InferParameter.ParameterChoiceOneofCase.StringParam => value.StringParam.Length == 0,
        InferParameter.ParameterChoiceOneofCase.None => true,
        _ => false,
    };
}
