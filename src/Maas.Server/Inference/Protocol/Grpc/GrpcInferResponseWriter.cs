using Google.Protobuf;

namespace Maas.Server.Inference.Protocol.Grpc;

/// <summary>
/// Builds a <see cref="ModelInferResponse"/> the way Triton does: tensor metadata in <c>outputs</c>, data in
/// <c>raw_output_contents</c>. Fixed-size outputs are wrapped without copying, so their buffers must not change
/// until the response is serialised (the inference path never reuses an output buffer).
/// </summary>
internal static class GrpcInferResponseWriter
{
    public static ModelInferResponse Write(InferenceResponseMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var response = new ModelInferResponse
        {
            ModelName = message.ModelName,
            ModelVersion = message.ModelVersion ?? string.Empty,
            Id = message.Id ?? string.Empty,
        };
        foreach (var output in message.Outputs)
        {
            var tensor = new ModelInferResponse.Types.InferOutputTensor { Name = output.Name, Datatype = output.Datatype.ToString() };
            tensor.Shape.Add(output.Shape);
            response.Outputs.Add(tensor);
            response.RawOutputContents.Add(UnsafeByteOperations.UnsafeWrap(RawTensorEncoder.ToMemory(output)));
        }

        return response;
    }
}
