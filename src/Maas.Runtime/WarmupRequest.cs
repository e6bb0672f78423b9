using Maas.Core;
using Maas.Core.Inference;

namespace Maas.Runtime;

/// <summary>
/// The zero-filled request run before a version reports ready: symbolic dimensions become 1 and strings are empty.
/// The first run pays for lazy kernel set-up and arena growth, so the first user does not. The load has already
/// passed <see cref="SignatureLimits"/>, so the zero-filled inputs stay within the element limit.
/// </summary>
internal static class WarmupRequest
{
    public static PreparedRequest Create(ModelSignature signature)
    {
        var inputs = signature.Inputs.Select(CreateInput).ToArray();
        return RequestValidator.Prepare(signature, inputs, outputs: null);
    }

    private static InferTensor CreateInput(TensorSpec spec)
    {
        var shape = spec.Shape.Select(d => d < 0 ? 1 : d).ToArray();
        var count = TensorShapes.ElementCount(shape);
        return spec.Datatype == TensorDataType.BYTES
            ? new InferTensor(spec.Name, shape, Enumerable.Repeat(string.Empty, checked((int)count)).ToArray())
            : new InferTensor(spec.Name, spec.Datatype, shape, new byte[checked(count * spec.Datatype.ElementSize())]);
    }
}
