using System.Text.Json;
using System.Text.Json.Serialization;

namespace Maas.Client;

/// <summary>
/// The JSON settings of the management API: camelCase names; enums carry their own string converters. Null members
/// are left out of request bodies, since for PATCH "left out" is what means "keep the current value".
/// </summary>
internal static class MaasJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
