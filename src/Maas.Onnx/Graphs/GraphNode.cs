using Maas.Onnx.Proto;

namespace Maas.Onnx.Graphs;

/// <summary>One node as a <see cref="GraphBuilder"/> recorded it, in the order of <see cref="GraphBuilder.Nodes"/>.</summary>
/// <param name="OpType">The operator, such as <c>MatMul</c>.</param>
/// <param name="Domain">The operator's domain: empty for ai.onnx, <see cref="GraphBuilder.MlDomain"/> for ai.onnx.ml.</param>
/// <param name="Inputs">The inputs in operator order; null for an optional input left out.</param>
/// <param name="Outputs">The outputs in operator order.</param>
/// <param name="Attributes">The node's attributes (see <see cref="Attr"/>).</param>
public sealed record GraphNode(
    string OpType,
    string Domain,
    IReadOnlyList<Value?> Inputs,
    IReadOnlyList<Value> Outputs,
    IReadOnlyList<AttributeProto> Attributes)
{
    /// <summary>The named attribute, or null.</summary>
    /// <param name="name">The attribute's name, such as <c>axis</c>.</param>
    public AttributeProto? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);
}
