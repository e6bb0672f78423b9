using System.Globalization;
using System.Numerics;
using Maas.Core;

namespace Maas.Runtime;

/// <summary>
/// Refuses a signature whose fixed dimensions alone ask for more elements than one tensor may hold. A few hundred
/// bytes of ONNX can declare an input of shape <c>[1000000, 1000000]</c>; warm-up (which fills every input with
/// zeros, symbolic dimensions as 1) and every request would then allocate terabytes. The upload path calls this to
/// answer 422, and the host calls it again before a load, because the limit may have been lowered since.
/// </summary>
public static class SignatureLimits
{
    /// <summary>Throws when an input or output of <paramref name="signature"/> needs more than <paramref name="maxElements"/> elements.</summary>
    /// <param name="signature">The version's signature; symbolic dimensions (-1) count as 1, the least they can be.</param>
    /// <param name="maxElements">The most elements one tensor may hold.</param>
    /// <exception cref="MaasException"><see cref="ErrorCode.InvalidModel"/>, naming the tensor, its shape and the limit.</exception>
    public static void Check(ModelSignature signature, long maxElements)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxElements);
        foreach (var input in signature.Inputs)
        {
            Check(input, "input", maxElements);
        }

        foreach (var output in signature.Outputs)
        {
            Check(output, "output", maxElements);
        }
    }

    private static void Check(TensorSpec spec, string kind, long maxElements)
    {
        // BigInteger because the declared product of a hostile shape can overflow 64 bits, and the message shows it.
        var count = BigInteger.One;
        foreach (var dim in spec.Shape)
        {
            count *= dim < 0 ? 1 : dim;
        }

        if (count > maxElements)
        {
            throw MaasException.InvalidModel(string.Create(
                CultureInfo.InvariantCulture,
                $"The {kind} '{spec.Name}' declares shape {spec.ShapeText}, {count} elements at least; a tensor may hold at most {maxElements} elements (--max-tensor-elements), so this model cannot be served."));
        }
    }
}
