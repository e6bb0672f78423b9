namespace Maas.Core;

/// <summary>The inputs and outputs of a model version, read from its graph when it was registered.</summary>
public sealed record ModelSignature(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs);
