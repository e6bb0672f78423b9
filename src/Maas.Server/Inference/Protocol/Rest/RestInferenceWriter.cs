using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Maas.Core;
using Microsoft.AspNetCore.Http;

namespace Maas.Server.Inference.Protocol.Rest;

/// <summary>
/// Writes REST inference responses: plain JSON, or, when any output is binary, the JSON header followed by the
/// outputs' raw blobs in output order (the binary tensor extension).
/// </summary>
internal static class RestInferenceWriter
{
    private const long FlushThresholdBytes = 64 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The structure is ours, so the per-token checks only cost time; the relaxed encoder keeps UTF-8 text readable.
        SkipValidation = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the response to <paramref name="response"/>: status 200, headers, body, flushed.</summary>
    public static async Task WriteAsync(HttpResponse response, InferenceResponseMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        using var json = new PooledBufferWriter();
        var layout = WriteHeader(json, message, out var blobSizes);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = layout.ContentType;
        response.ContentLength = layout.ContentLength;
        if (layout.InferenceHeaderContentLength is { } headerLength)
        {
            response.Headers[RestHeaders.InferenceHeaderContentLength] = headerLength.ToString(CultureInfo.InvariantCulture);
        }

        var body = response.BodyWriter;
        body.Write(json.WrittenSpan);
        for (var i = 0; i < message.Outputs.Count; i++)
        {
            if (blobSizes[i] > 0)
            {
                RawTensorEncoder.Write(message.Outputs[i], body);
                if (blobSizes[i] >= FlushThresholdBytes)
                {
                    // Large outputs go out as they are written rather than all piling up in the pipe first.
                    await body.FlushAsync(cancellationToken);
                }
            }
        }

        await body.FlushAsync(cancellationToken);
    }

    /// <summary>Writes the JSON part; <paramref name="blobSizes"/> gets each output's blob size (0 for JSON outputs).</summary>
    private static RestResponseLayout WriteHeader(PooledBufferWriter json, InferenceResponseMessage message, out long[] blobSizes)
    {
        ArgumentNullException.ThrowIfNull(message);
        blobSizes = new long[message.Outputs.Count];
        long blobTotal = 0;
        var anyBinary = false;
        using (var writer = new Utf8JsonWriter(json, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString(RestJsonNames.ModelName, message.ModelName);
            if (message.ModelVersion is not null)
            {
                writer.WriteString(RestJsonNames.ModelVersion, message.ModelVersion);
            }

            if (!string.IsNullOrEmpty(message.Id))
            {
                writer.WriteString(RestJsonNames.Id, message.Id);
            }

            writer.WriteStartArray(RestJsonNames.Outputs);
            for (var i = 0; i < message.Outputs.Count; i++)
            {
                var output = message.Outputs[i];
                writer.WriteStartObject();
                writer.WriteString(RestJsonNames.Name, output.Name);
                writer.WriteString(RestJsonNames.Datatype, RestJsonNames.Of(output.Datatype));
                writer.WriteStartArray(RestJsonNames.Shape);
                foreach (var dim in output.Shape)
                {
                    writer.WriteNumberValue(dim);
                }

                writer.WriteEndArray();
                if (message.IsBinary(i))
                {
                    anyBinary = true;
                    blobSizes[i] = RawTensorEncoder.ByteSize(output);
                    blobTotal += blobSizes[i];
                    writer.WriteStartObject(RestJsonNames.Parameters);
                    writer.WriteNumber(RestJsonNames.BinaryDataSize, blobSizes[i]);
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WritePropertyName(RestJsonNames.Data);
                    JsonTensorEncoder.WriteData(writer, output);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return anyBinary
            ? new RestResponseLayout(RestHeaders.BinaryContentType, json.WrittenCount, json.WrittenCount + blobTotal)
            : new RestResponseLayout(RestHeaders.JsonContentType, null, json.WrittenCount);
    }
}
