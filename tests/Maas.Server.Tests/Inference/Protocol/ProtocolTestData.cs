using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Maas.Core;
using Maas.Core.Inference;
using Maas.Server.Inference.Protocol;
using Maas.Server.Inference.Protocol.Rest;
using Microsoft.AspNetCore.Http;

namespace Maas.Server.Tests.Inference.Protocol;

/// <summary>
/// Builders for protocol bodies, an independent little-endian encoder to check decoders against, and the REST codec's
/// production entry points driven over an in-memory request or response, as the inference endpoint drives them.
/// </summary>
internal static class ProtocolTestData
{
    /// <summary>Decodes <paramref name="body"/> through <see cref="RestInferenceReader.ReadPooledAsync"/>, with the server's pool.</summary>
    public static async Task<InferenceRequestMessage> ReadAsync(byte[] body, string? inferenceHeaderContentLength = null, InferenceLimits? limits = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        if (inferenceHeaderContentLength is not null)
        {
            context.Request.Headers[RestHeaders.InferenceHeaderContentLength] = inferenceHeaderContentLength;
        }

        // A rented array is left to the garbage collector, as the server does on failure: the inputs keep slices of it.
        var (request, _) = await RestInferenceReader.ReadPooledAsync(
            context.Request, limits ?? InferenceLimits.Default, ArrayPool<byte>.Shared, CancellationToken.None);
        return request;
    }

    public static Task<InferenceRequestMessage> ParseJsonAsync(string json, InferenceLimits? limits = null) =>
        ReadAsync(Encoding.UTF8.GetBytes(json), null, limits);

    public static Task<MaasException> RejectsAsync(string json, InferenceLimits? limits = null) =>
        Assert.ThrowsAsync<MaasException>(() => ParseJsonAsync(json, limits));

    public static Task<MaasException> RejectsAsync(byte[] body, string? inferenceHeaderContentLength, InferenceLimits? limits = null) =>
        Assert.ThrowsAsync<MaasException>(() => ReadAsync(body, inferenceHeaderContentLength, limits));

    /// <summary>Writes <paramref name="message"/> through <see cref="RestInferenceWriter.WriteAsync"/> and returns what reached the wire.</summary>
    public static async Task<WrittenResponse> WriteAsync(InferenceResponseMessage message)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;

        await RestInferenceWriter.WriteAsync(context.Response, message, CancellationToken.None);

        var header = context.Response.Headers[RestHeaders.InferenceHeaderContentLength];
        return new WrittenResponse(
            context.Response.ContentType,
            context.Response.ContentLength,
            header.Count == 0 ? null : int.Parse(header.ToString(), NumberStyles.None, CultureInfo.InvariantCulture),
            body.ToArray());
    }

    /// <summary>A binary-extension body: the JSON header followed by the blobs, with the header's value.</summary>
    public static (byte[] Body, string HeaderLength) BinaryBody(string json, params byte[][] blobs)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var body = header.Concat(blobs.SelectMany(blob => blob)).ToArray();
        return (body, header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>BYTES elements with their 4-byte little-endian length prefixes.</summary>
    public static byte[] LengthPrefixed(params byte[][] elements)
    {
        var result = new List<byte>();
        foreach (var element in elements)
        {
            var prefix = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(prefix, (uint)element.Length);
            result.AddRange(prefix);
            result.AddRange(element);
        }

        return [.. result];
    }

    /// <summary>Encodes JSON values the slow, obvious way, as the expected raw bytes of a tensor.</summary>
    public static byte[] ExpectedBytes(TensorDataType datatype, IEnumerable<JsonElement> values)
    {
        var bytes = new List<byte>();
        foreach (var v in values)
        {
            bytes.AddRange(datatype switch
            {
                TensorDataType.BOOL => [v.GetBoolean() ? (byte)1 : (byte)0],
                TensorDataType.INT8 => [(byte)v.GetSByte()],
                TensorDataType.UINT8 => [v.GetByte()],
                TensorDataType.INT16 => BitConverter.GetBytes(v.GetInt16()),
                TensorDataType.UINT16 => BitConverter.GetBytes(v.GetUInt16()),
                TensorDataType.INT32 => BitConverter.GetBytes(v.GetInt32()),
                TensorDataType.UINT32 => BitConverter.GetBytes(v.GetUInt32()),
                TensorDataType.INT64 => BitConverter.GetBytes(v.GetInt64()),
                TensorDataType.UINT64 => BitConverter.GetBytes(v.GetUInt64()),
                TensorDataType.FP32 => BitConverter.GetBytes(v.GetSingle()),
                TensorDataType.FP64 => BitConverter.GetBytes(v.GetDouble()),
                _ => throw new ArgumentOutOfRangeException(nameof(datatype)),
            });
        }

        return [.. bytes];
    }

    public static InferTensor Fp32(string name, long[] shape, params float[] values) =>
        new(name, TensorDataType.FP32, shape, values.SelectMany(BitConverter.GetBytes).ToArray());

    /// <summary>Splits a written response into its JSON document and the bytes after it.</summary>
    public static (JsonElement Json, byte[] Blobs) SplitResponse(WrittenResponse response)
    {
        var jsonLength = response.InferenceHeaderContentLength ?? response.Body.Length;
        var json = JsonDocument.Parse(response.Body.AsMemory(0, jsonLength)).RootElement.Clone();
        return (json, response.Body[jsonLength..]);
    }

    /// <summary>A response as the writer left it: the headers it sets and the body.</summary>
    public sealed record WrittenResponse(string? ContentType, long? ContentLength, int? InferenceHeaderContentLength, byte[] Body)
    {
        public string Text => Encoding.UTF8.GetString(Body);
    }
}
