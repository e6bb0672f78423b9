using Maas.Core;
using Maas.Onnx.Inspection.Proto;
using Maas.Onnx.Proto;

namespace Maas.Onnx.Inspection;

/// <summary>
/// Reads the signature clients see from the main graph: the graph inputs that have no initializer of the same name
/// (an initializer makes an input an overridable default, which clients need not send) and the graph outputs.
/// </summary>
internal static class SignatureReader
{
    public static ModelSignature Read(GraphHeader graph)
    {
        var defaults = new HashSet<string>(graph.Initializer.Select(tensor => tensor.Name), StringComparer.Ordinal);
        defaults.UnionWith(graph.SparseInitializer.Select(sparse => sparse.Values?.Name ?? string.Empty));
        var inputs = ReadAll(graph.Input.Where(input => !defaults.Contains(input.Name)), "input");
        var outputs = ReadAll(graph.Output, "output");
        return new ModelSignature(inputs, outputs);
    }

    private static List<TensorSpec> ReadAll(IEnumerable<ValueInfoProto> values, string kind)
    {
        var specs = new List<TensorSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (specs.Count == InspectionLimits.MaxTensors)
            {
                throw Reject.Because($"The model declares more than {InspectionLimits.MaxTensors} {kind}s; Maas accepts at most {InspectionLimits.MaxTensors}.");
            }

            var spec = TensorSpecReader.Read(value, kind);
            if (!names.Add(spec.Name))
            {
                throw Reject.Because($"The model declares the {kind} '{Printable.Clip(spec.Name)}' twice; expected unique names.");
            }

            specs.Add(spec);
        }

        return specs.Count > 0
            ? specs
            : throw Reject.Because($"The model has no {kind}s; Maas serves graphs with at least one {kind} that is not an initializer.");
    }
}
