using System.Text.Json;

namespace Maas.Client;

/// <summary>The JSON settings of the management API: camelCase names; enums carry their own string converters.</summary>
internal static class MaasJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
