using Google.Protobuf;
using Maas.Core;
using Maas.Onnx.Inspection;
using Maas.Onnx.Inspection.Proto;

namespace Maas.Onnx;

/// <summary>
/// Checks an uploaded ONNX model before it becomes a version: that it parses, that ONNX Runtime 1.31 can load its IR
/// version and operator sets, that it is self-contained and needs no custom operators, and that its inputs and outputs
/// are tensors clients can send and receive.
/// </summary>
public static class OnnxModelInspector
{
    // IR 3 introduced operator sets; ONNX Runtime 1.31 refuses anything newer than IR 13.
    private const long MinIrVersion = 3;
    private const long MaxIrVersion = 13;

    // The header view (Protos/onnx_inspect.proto) with unknown fields discarded: tensor payloads are skipped as they
    // stream past, so memory follows the number of nodes and tensors, never the weight bytes.
    private static readonly MessageParser<ModelHeader> HeaderParser = ModelHeader.Parser.WithDiscardUnknownFields(true);

    /// <summary>Reads the whole model from <paramref name="stream"/> and describes it, or says why it is rejected.</summary>
    /// <param name="stream">The serialized ModelProto, read to its end. The caller keeps ownership and disposes it.</param>
    /// <returns>The model's IR version, operator sets, producer and signature.</returns>
    /// <exception cref="MaasException">
    /// With <see cref="ErrorCode.InvalidModel"/> and a sentence naming the problem when the model is rejected.
    /// </exception>
    public static OnnxModelDescription Inspect(Stream stream) => Inspect(stream, OnnxGraphLimits.Default);

    /// <summary>
    /// Reads the whole model from <paramref name="stream"/> and describes it, or says why it is rejected. The graph's
    /// size is checked against <paramref name="limits"/> on the wire first, so a model over them is refused at the
    /// cost of one buffer, not of parsing millions of nodes.
    /// </summary>
    /// <param name="stream">
    /// The serialized ModelProto, seekable: it is read up to three times from its current position (the node count,
    /// the depth, the header) and left at its end. The caller keeps ownership and disposes it.
    /// </param>
    /// <param name="limits">The most nodes and the deepest chain of nodes accepted.</param>
    /// <returns>The model's IR version, operator sets, producer and signature.</returns>
    /// <exception cref="MaasException">
    /// With <see cref="ErrorCode.InvalidModel"/> and a sentence naming the problem when the model is rejected.
    /// </exception>
    public static OnnxModelDescription Inspect(Stream stream, OnnxGraphLimits limits)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The model stream must be seekable: the inspector reads it more than once.", nameof(stream));
        }

        GraphSizeCheck.Run(stream, limits);
        var model = Parse(stream);
        if (model.Graph is null)
        {
            throw Reject.Because("The model has no graph; expected a ModelProto whose graph holds the nodes to run.");
        }

        CheckIrVersion(model);
        CheckNameLength(model.ProducerName, "producer name");
        CheckNameLength(model.ProducerVersion, "producer version");

        var functionDomains = model.Functions.Select(function => OpsetPolicy.Normalize(function.Domain))
            .ToHashSet(StringComparer.Ordinal);
        if (model.OpsetImport.Count == 0)
        {
            throw Reject.Because("The model imports no operator sets; expected at least the ai.onnx opset its nodes use.");
        }

        var opsets = OpsetPolicy.Read(model.OpsetImport, functionDomains, "The model");
        foreach (var function in model.Functions)
        {
            OpsetPolicy.Read(function.OpsetImport, functionDomains, $"The function '{Printable.Clip(function.Name)}'");
        }

        ContentScanner.Scan(model, functionDomains);
        var signature = SignatureReader.Read(model.Graph);
        return new OnnxModelDescription(model.IrVersion, opsets, model.ProducerName, model.ProducerVersion, signature);
    }

    /// <summary>
    /// Counts the nodes of a serialized model, subgraphs, training graphs and function bodies included, without parsing
    /// it: what the serving host's memory estimate charges per node. A model that does not walk counts 0.
    /// </summary>
    /// <param name="artifact">The serialized ModelProto; only read.</param>
    public static long CountNodes(byte[] artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return GraphSizeCheck.CountNodes(artifact);
    }

    private static ModelHeader Parse(Stream stream)
    {
        // Not disposed: disposing would close the caller's stream, and the reader holds nothing else.
#pragma warning disable CA2000
        var input = CodedInputStream.CreateWithLimits(stream, int.MaxValue, InspectionLimits.RecursionLimit);
#pragma warning restore CA2000
        ModelHeader model;
        try
        {
            if (input.IsAtEnd)
            {
                throw Reject.Unparsable("it is empty");
            }

            model = HeaderParser.ParseFrom(input);
        }
        catch (Exception exception) when (exception is InvalidProtocolBufferException or EndOfStreamException)
        {
            throw Reject.Unparsable("it is truncated or not protobuf at all", exception);
        }

        // Text and other stray bytes can happen to parse as a message with nothing ONNX in it.
        return model.HasIrVersion || model.Graph is not null || model.OpsetImport.Count > 0
            ? model
            : throw Reject.Unparsable("it has no IR version, operator sets or graph");
    }

    private static void CheckIrVersion(ModelHeader model)
    {
        if (!model.HasIrVersion)
        {
            throw Reject.Because($"The model declares no IR version; expected ir_version from {MinIrVersion} to {MaxIrVersion}.");
        }

        if (model.IrVersion > MaxIrVersion)
        {
            throw Reject.Because($"The model's IR version {model.IrVersion} is newer than ONNX Runtime 1.31 supports (at most {MaxIrVersion}).");
        }

        if (model.IrVersion < MinIrVersion)
        {
            throw Reject.Because($"The model's IR version {model.IrVersion} is older than Maas supports (at least {MinIrVersion}).");
        }
    }

    private static void CheckNameLength(string value, string what)
    {
        if (value.Length > InspectionLimits.MaxNameLength)
        {
            throw Reject.Because($"The model's {what} is {value.Length} characters long; Maas accepts at most {InspectionLimits.MaxNameLength}.");
        }
    }
}
