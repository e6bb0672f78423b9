using Maas.Core.Inference;

namespace Maas.Runtime;

/// <summary>The outputs of one request.</summary>
/// <param name="Outputs">
/// The output tensors, in the order they were asked for (the signature's order when all were); the caller owns them.
/// </param>
public sealed record InferenceResult(IReadOnlyList<InferTensor> Outputs);
