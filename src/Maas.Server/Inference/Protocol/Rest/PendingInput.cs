using Maas.Core.Inference;

namespace Maas.Server.Inference.Protocol.Rest;

/// <summary>
/// One input of a REST request as its JSON declared it: either already decoded from <c>data</c>, or waiting for
/// its blob from the binary part of the body.
/// </summary>
internal sealed class PendingInput(TensorDeclaration declaration)
{
    public TensorDeclaration Declaration { get; } = declaration;

    public string Name => Declaration.Name;

    /// <summary>Set when the tensor came as JSON <c>data</c>.</summary>
    public InferTensor? Tensor { get; init; }

    /// <summary>Set when the tensor comes as a blob of this many bytes (<c>parameters.binary_data_size</c>).</summary>
    public long? BinaryDataSize { get; init; }
}
