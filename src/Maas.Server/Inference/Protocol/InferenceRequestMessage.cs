using Maas.Core.Inference;

namespace Maas.Server.Inference.Protocol;

/// <summary>An inference request as either protocol carried it, decoded and validated against the limits.</summary>
/// <param name="Id">The request id to echo, or <c>null</c> when the request had none (or an empty one).</param>
/// <param name="Inputs">Decoded inputs, in request order, with distinct names.</param>
/// <param name="Outputs">The outputs asked for, with distinct names; empty means every output.</param>
/// <param name="BinaryOutputDefault">REST <c>parameters.binary_data_output</c>; always <c>false</c> for gRPC.</param>
internal sealed record InferenceRequestMessage(
    string? Id,
    IReadOnlyList<InferTensor> Inputs,
    IReadOnlyList<RequestedOutput> Outputs,
    bool BinaryOutputDefault)
{
    /// <summary>Whether the REST response should carry <paramref name="outputName"/> as binary.</summary>
    public bool WantsBinary(string outputName)
    {
        foreach (var output in Outputs)
        {
            if (output.Name == outputName)
            {
                return output.Binary ?? BinaryOutputDefault;
            }
        }

        return BinaryOutputDefault;
    }
}
