using Maas.Core;

namespace Maas.Server.Inference.Protocol;

/// <summary>An input's validated name, datatype and shape: what its data must match.</summary>
internal readonly record struct TensorDeclaration(string Name, TensorDataType Datatype, long[] Shape, long ElementCount)
{
    /// <summary>Parses and validates the declared datatype and shape (messages name the input).</summary>
    public static TensorDeclaration Create(string name, string? datatype, long[] shape, InferenceLimits limits) =>
        new(name, TensorChecks.ParseDatatype(name, datatype), shape, TensorChecks.ElementCount(name, shape, limits));
}
