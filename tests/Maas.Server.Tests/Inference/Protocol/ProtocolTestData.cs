using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Maas.Core;
using Maas.Core.Inference;
using Maas.Server.Inference.Protocol;
using Maas.Server.Inference.Protocol.Rest;

namespace Maas.Server.Tests.Inference.Protocol;

/// <summary>Builders for protocol bodies and an independent little-endian encoder to check decoders against.</summary>
internal static class ProtocolTestData
{
    public static InferenceRequestMessage ParseJson(string json, InferenceLimits? limits = null) =>
        RestInferenceReader.Parse(Encoding.UTF8.GetBytes(json), null, limits ?? InferenceLimits.Default);

    public static MaasException Rejects(string json, InferenceLimits? limits = null) =>
        Assert.Throws<MaasException>(() => ParseJson(json, limits));

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
    public static (JsonElement Json, byte[] Blobs) SplitResponse(byte[] body, RestResponseLayout layout)
    {
        var jsonLength = layout.InferenceHeaderContentLength ?? body.Length;
        var json = JsonDocument.Parse(body.AsMemory(0, jsonLength)).RootElement.Clone();
        return (json, body[jsonLength..]);
    }
}
