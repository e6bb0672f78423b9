using Maas.Core;
using Maas.Core.Inference;

namespace Maas.Server.Inference.Protocol;

/// <summary>What an inference produced, ready for either protocol's writer.</summary>
/// <param name="ModelName">The model's name, echoed as <c>model_name</c>.</param>
/// <param name="ModelVersion">The version that ran, echoed as <c>model_version</c>; omitted when <c>null</c>.</param>
/// <param name="Id">The request id; omitted when <c>null</c> or empty.</param>
/// <param name="Outputs">The outputs in response order (classification already applied).</param>
/// <param name="BinaryOutputs">
/// REST only: per output, whether it travels through the binary extension; <c>null</c> means all JSON. FP16 and BF16
/// outputs travel binary regardless, because JSON cannot carry them.
/// </param>
internal sealed record InferenceResponseMessage(
    string ModelName,
    string? ModelVersion,
    string? Id,
    IReadOnlyList<InferTensor> Outputs,
    IReadOnlyList<bool>? BinaryOutputs = null)
{
    /// <summary>A response whose binary choices follow what <paramref name="request"/> asked for.</summary>
    public static InferenceResponseMessage For(
        InferenceRequestMessage request, string modelName, string? modelVersion, IReadOnlyList<InferTensor> outputs)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outputs);
        var binary = new bool[outputs.Count];
        for (var i = 0; i < binary.Length; i++)
        {
            binary[i] = request.WantsBinary(outputs[i].Name);
        }

        return new InferenceResponseMessage(modelName, modelVersion, request.Id, outputs, binary);
    }

    /// <summary>Whether output <paramref name="index"/> travels binary in a REST response.</summary>
    public bool IsBinary(int index)
    {
        var datatype = Outputs[index].Datatype;
        return datatype is TensorDataType.FP16 or TensorDataType.BF16
            || (BinaryOutputs is not null && BinaryOutputs[index]);
    }
}
