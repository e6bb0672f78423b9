using System.Text.Json.Serialization;

namespace Maas.Core;

/// <summary>
/// One input or output of a model as clients see it: its name, its protocol datatype and its shape, where -1 marks a
/// dimension the graph leaves symbolic (typically the batch).
/// </summary>
/// <param name="Name">The tensor's name in the graph.</param>
/// <param name="Datatype">The Open Inference Protocol datatype.</param>
/// <param name="Shape">Dimensions, outermost first; -1 for a symbolic or unknown dimension.</param>
public sealed record TensorSpec(string Name, TensorDataType Datatype, IReadOnlyList<long> Shape)
{
    /// <summary>The shape as text, such as <c>[-1, 30]</c>.</summary>
    [JsonIgnore]
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
