using Maas.Core;
using Maas.Core.Inference;

namespace Maas.Runtime;

/// <summary>
/// Checks a request against the version's signature before it is queued, so that a bad request fails alone and
/// with a sentence naming the input, what it expects and what it got.
/// </summary>
internal static class RequestValidator
{
    public static PreparedRequest Prepare(ModelSignature signature, IReadOnlyList<InferTensor> inputs, IReadOnlyList<string>? outputs)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(inputs);
        var ordered = OrderInputs(signature.Inputs, inputs);
        var outputNames = SelectOutputs(signature.Outputs, outputs);
        if (!IsBatchShaped(signature))
        {
            return new PreparedRequest(ordered, outputNames, rows: 1, batchable: false);
        }

        // Inputs whose first dimensions differ cannot be split back by rows, so such a request runs alone.
        var rows = ordered.Length == 0 ? 1 : ordered[0].Shape[0];
        var sameRows = ordered.All(t => t.Shape[0] == rows);
        return rows <= int.MaxValue && sameRows
            ? new PreparedRequest(ordered, outputNames, (int)rows, batchable: true)
            : new PreparedRequest(ordered, outputNames, rows: 1, batchable: false);
    }

    /// <summary>Whether every input and output has a symbolic first dimension, the precondition of dynamic batching.</summary>
    public static bool IsBatchShaped(ModelSignature signature) =>
        signature.Inputs.Count > 0
        && signature.Inputs.All(s => s.Shape.Count > 0 && s.Shape[0] == -1)
        && signature.Outputs.All(s => s.Shape.Count > 0 && s.Shape[0] == -1);

    private static InferTensor[] OrderInputs(IReadOnlyList<TensorSpec> specs, IReadOnlyList<InferTensor> inputs)
    {
        var ordered = new InferTensor[specs.Count];
        foreach (var tensor in inputs)
        {
            ArgumentNullException.ThrowIfNull(tensor, nameof(inputs));
            var index = IndexOf(specs, tensor.Name);
            if (index < 0)
            {
                throw MaasException.Invalid($"The model has no input '{tensor.Name}'; its inputs are {NameList(specs)}.");
            }

            if (ordered[index] is not null)
            {
                throw MaasException.Invalid($"Input '{tensor.Name}' is given more than once.");
            }

            var spec = specs[index];
            if (!Matches(spec, tensor))
            {
                throw MaasException.Invalid(
                    $"Input '{spec.Name}' expects {spec.Datatype} {spec.ShapeText}; got {tensor.Datatype} {TensorShapes.Format(tensor.Shape)}.");
            }

            ordered[index] = tensor;
        }

        for (var i = 0; i < ordered.Length; i++)
        {
            if (ordered[i] is null)
            {
                throw MaasException.Invalid($"Input '{specs[i].Name}' ({specs[i].Datatype} {specs[i].ShapeText}) is missing.");
            }
        }

        return ordered;
    }

    private static bool Matches(TensorSpec spec, InferTensor tensor)
    {
        if (spec.Datatype != tensor.Datatype || spec.Shape.Count != tensor.Shape.Length)
        {
            return false;
        }

        for (var d = 0; d < tensor.Shape.Length; d++)
        {
            if (spec.Shape[d] >= 0 && spec.Shape[d] != tensor.Shape[d])
            {
                return false;
            }
        }

        return true;
    }

    private static string[] SelectOutputs(IReadOnlyList<TensorSpec> specs, IReadOnlyList<string>? requested)
    {
        if (requested is null || requested.Count == 0)
        {
            return specs.Select(s => s.Name).ToArray();
        }

        var names = new string[requested.Count];
        for (var i = 0; i < names.Length; i++)
        {
            var name = requested[i];
            if (IndexOf(specs, name) < 0)
            {
                throw MaasException.Invalid($"The model has no output '{name}'; its outputs are {NameList(specs)}.");
            }

            if (Array.IndexOf(names, name, 0, i) >= 0)
            {
                throw MaasException.Invalid($"Output '{name}' is requested more than once.");
            }

            names[i] = name;
        }

        return names;
    }

    private static int IndexOf(IReadOnlyList<TensorSpec> specs, string? name)
    {
        for (var i = 0; i < specs.Count; i++)
        {
            if (string.Equals(specs[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string NameList(IReadOnlyList<TensorSpec> specs) => string.Join(", ", specs.Select(s => $"'{s.Name}'"));
}
