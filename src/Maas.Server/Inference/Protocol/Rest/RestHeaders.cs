namespace Maas.Server.Inference.Protocol.Rest;

/// <summary>Header names and media types of the REST inference protocol and its binary extension.</summary>
internal static class RestHeaders
{
    /// <summary>Byte length of the JSON part of a body that carries binary tensors after it.</summary>
    public const string InferenceHeaderContentLength = "Inference-Header-Content-Length";

    public const string JsonContentType = "application/json";

    public const string BinaryContentType = "application/octet-stream";

    // What curl -d sends unless told otherwise; the Triton and KServe docs' curl examples send JSON under it.
    private const string FormContentType = "application/x-www-form-urlencoded";

    /// <summary>
    /// Whether an inference request body labelled <paramref name="contentType"/> is one the codec reads: no label
    /// (tritonclient sends none), <c>application/json</c>, <c>application/octet-stream</c> (the binary extension, or
    /// JSON from clients that label every body so), or <c>application/x-www-form-urlencoded</c>, the label
    /// <c>curl -d</c> puts on the JSON the protocol's own examples send. Whatever the label, the body is read as JSON
    /// (then binary tensors), never as a form; the key travels in a header, so accepting a label a browser form can send
    /// opens nothing to other origins. Everything else (pickle, Java serialisation, msgpack, protobuf…) is refused.
    /// </summary>
    public static bool IsParsedMediaType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return true;
        }

        // Spans, not strings: this runs on every inference request.
        var end = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (end < 0 ? contentType.AsSpan() : contentType.AsSpan(0, end)).Trim();
        return mediaType.Equals(JsonContentType, StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals(BinaryContentType, StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals(FormContentType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The media type of a Content-Type header, without its parameters (<c>; charset=utf-8</c>).</summary>
    public static string MediaTypeOf(string contentType)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        var end = contentType.IndexOf(';', StringComparison.Ordinal);
        return (end < 0 ? contentType : contentType[..end]).Trim();
    }
}
