using Maas.Core;
using Microsoft.ML.OnnxRuntime;

namespace Maas.Runtime;

/// <summary>
/// Confirms at load time that the signature the caller validates requests against is the graph's, so a mismatch
/// fails the load with a reason instead of failing every request later.
/// </summary>
internal static class SignatureCheck
{
    public static void Verify(InferenceSession session, ModelSignature signature)
    {
        Compare("input", signature.Inputs, session.InputMetadata);
        Compare("output", signature.Outputs, session.OutputMetadata);
        foreach (var name in session.InputMetadata.Keys)
        {
            if (!signature.Inputs.Any(s => s.Name == name))
            {
                throw MaasException.InvalidModel($"The graph input '{name}' is missing from the signature.");
            }
        }
    }

    private static void Compare(string kind, IReadOnlyList<TensorSpec> specs, IReadOnlyDictionary<string, NodeMetadata> graph)
    {
        foreach (var spec in specs)
        {
            if (!graph.TryGetValue(spec.Name, out var metadata))
            {
                throw MaasException.InvalidModel($"The signature's {kind} '{spec.Name}' is not in the graph.");
            }

            if (!metadata.IsTensor)
            {
                throw MaasException.InvalidModel($"The {kind} '{spec.Name}' is not a tensor; only tensors can be served.");
            }

            var datatype = TensorTypes.ToDataType(metadata.ElementDataType);
            if (datatype != spec.Datatype || metadata.Dimensions.Length != spec.Shape.Count)
            {
                throw MaasException.InvalidModel(
                    $"The {kind} '{spec.Name}' is {datatype?.ToString() ?? metadata.ElementDataType.ToString()} with rank {metadata.Dimensions.Length} in the graph, but {spec.Datatype} {spec.ShapeText} in the signature.");
            }
        }
    }
}
