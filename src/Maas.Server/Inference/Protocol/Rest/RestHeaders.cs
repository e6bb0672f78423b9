namespace Maas.Server.Inference.Protocol.Rest;

/// <summary>Header names and media types of the REST inference protocol and its binary extension.</summary>
internal static class RestHeaders
{
    /// <summary>Byte length of the JSON part of a body that carries binary tensors after it.</summary>
    public const string InferenceHeaderContentLength = "Inference-Header-Content-Length";

    public const string JsonContentType = "application/json";

    public const string BinaryContentType = "application/octet-stream";
}
