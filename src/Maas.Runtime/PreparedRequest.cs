using Maas.Core.Inference;

namespace Maas.Runtime;

/// <summary>
/// A validated request: its inputs in the signature's order, the outputs it wants, and what the batcher needs to
/// know to combine it with others.
/// </summary>
internal sealed class PreparedRequest(InferTensor[] inputs, string[] outputNames, int rows, bool batchable)
{
    /// <summary>One tensor per signature input, in signature order.</summary>
    public InferTensor[] Inputs { get; } = inputs;

    /// <summary>The outputs to return, in the order to return them.</summary>
    public string[] OutputNames { get; } = outputNames;

    /// <summary>The first dimension shared by all inputs; 1 for models without a batch dimension.</summary>
    public int Rows { get; } = rows;

    /// <summary>Whether this request may share an execution with others.</summary>
    public bool Batchable { get; } = batchable;

    /// <summary>
    /// Whether both requests can be concatenated along dimension 0: same datatypes, identical dimensions after the
    /// first for every input, and the same outputs.
    /// </summary>
    public bool IsCompatibleWith(PreparedRequest other)
    {
        if (!Batchable || !other.Batchable || Inputs.Length != other.Inputs.Length)
        {
            return false;
        }

        for (var i = 0; i < Inputs.Length; i++)
        {
            var a = Inputs[i];
            var b = other.Inputs[i];
            if (a.Datatype != b.Datatype || !a.Shape.AsSpan(1).SequenceEqual(b.Shape.AsSpan(1)))
            {
                return false;
            }
        }

        return ReferenceEquals(OutputNames, other.OutputNames) || OutputNames.AsSpan().SequenceEqual(other.OutputNames);
    }
}
