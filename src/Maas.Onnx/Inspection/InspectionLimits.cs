namespace Maas.Onnx.Inspection;

/// <summary>
/// Caps on what an uploaded model may declare. Real models stay far below them; a model beyond them is hostile or
/// broken, and would otherwise cost the server memory and the dashboard its layout.
/// </summary>
internal static class InspectionLimits
{
    /// <summary>
    /// The protobuf nesting depth. Each If/Loop/Scan body costs three levels (node, attribute, graph), so this admits
    /// about thirty nested bodies, far more than exporters produce, while keeping the parser's and the scan's
    /// recursion well inside the stack.
    /// </summary>
    public const int RecursionLimit = 100;

    /// <summary>The most inputs, and separately the most outputs, a model may declare.</summary>
    public const int MaxTensors = 10_000;

    /// <summary>The highest rank of an input or output.</summary>
    public const int MaxRank = 64;

    /// <summary>The longest name (of a tensor, producer or operator domain), in UTF-16 code units.</summary>
    public const int MaxNameLength = 4096;
}
