using System.Text.Json;
using Maas.Core;

namespace Maas.Server.Inference.Protocol.Rest;

/// <summary>Pre-encoded property names and datatype strings of the response, so the hot path encodes nothing twice.</summary>
internal static class RestJsonNames
{
    public static readonly JsonEncodedText ModelName = JsonEncodedText.Encode("model_name");
    public static readonly JsonEncodedText ModelVersion = JsonEncodedText.Encode("model_version");
    public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    public static readonly JsonEncodedText Outputs = JsonEncodedText.Encode("outputs");
    public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    public static readonly JsonEncodedText Datatype = JsonEncodedText.Encode("datatype");
    public static readonly JsonEncodedText Shape = JsonEncodedText.Encode("shape");
    public static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    public static readonly JsonEncodedText Parameters = JsonEncodedText.Encode("parameters");
    public static readonly JsonEncodedText BinaryDataSize = JsonEncodedText.Encode("binary_data_size");

    private static readonly JsonEncodedText[] Datatypes =
        [.. Enum.GetValues<TensorDataType>().Select(datatype => JsonEncodedText.Encode(datatype.ToString()))];

    public static JsonEncodedText Of(TensorDataType datatype) => Datatypes[(int)datatype];
}
