using Maas.Core;

namespace Maas.Onnx;

/// <summary>What <see cref="OnnxModelInspector"/> learned from an accepted model.</summary>
/// <param name="IrVersion">The ONNX IR version the model was written against, from 3 to 13.</param>
/// <param name="Opsets">
/// The imported operator sets, domain to version. The default domain appears as <c>ai.onnx</c> whether the model
/// spells it <c>""</c> or <c>"ai.onnx"</c>.
/// </param>
/// <param name="ProducerName">The tool that wrote the model, such as <c>pytorch</c>; empty when not recorded.</param>
/// <param name="ProducerVersion">That tool's version; empty when not recorded.</param>
/// <param name="Signature">
/// The inputs clients send (graph inputs without an initializer of the same name) and the outputs they receive.
/// </param>
public sealed record OnnxModelDescription(
    long IrVersion,
    IReadOnlyDictionary<string, long> Opsets,
    string ProducerName,
    string ProducerVersion,
    ModelSignature Signature);
