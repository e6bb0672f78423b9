namespace Maas.Server.Inference.Protocol.Rest;

/// <summary>The JSON part of a REST inference request, before binary blobs are attached.</summary>
internal sealed record ParsedRequest(
    string? Id, IReadOnlyList<PendingInput> Inputs, IReadOnlyList<RequestedOutput> Outputs, bool BinaryOutputDefault);
