namespace Maas.Server.Inference.Protocol.Rest;

/// <summary>The headers a written REST inference response needs.</summary>
/// <param name="ContentType"><c>application/json</c>, or <c>application/octet-stream</c> when any output is binary.</param>
/// <param name="InferenceHeaderContentLength">The JSON part's length when any output is binary; otherwise <c>null</c>.</param>
/// <param name="ContentLength">The whole body's length: JSON plus blobs.</param>
internal readonly record struct RestResponseLayout(string ContentType, int? InferenceHeaderContentLength, long ContentLength);
