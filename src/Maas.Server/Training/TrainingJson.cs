using System.Text.Json;
using System.Text.Json.Serialization;
using Maas.Core.Training;

namespace Maas.Server.Training;

/// <summary>How specs are stored and read back: the REST API's JSON (camelCase, lower-case enums), strict.</summary>
internal static class TrainingJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The spec as a JSON element, with every default written out.</summary>
    public static JsonElement ToElement(TrainingSpec spec) => JsonSerializer.SerializeToElement(spec, Options);

    /// <summary>Reads a stored spec back.</summary>
    public static TrainingSpec Read(JsonElement spec) =>
        spec.Deserialize<TrainingSpec>(Options) ?? throw new InvalidOperationException("A stored training spec is null.");
}
