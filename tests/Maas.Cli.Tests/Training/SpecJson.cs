using System.Text.Json;
using System.Text.Json.Serialization;
using Maas.Core.Training;

namespace Maas.Cli.Tests.Training;

/// <summary>
/// Compares a spec on the wire with the spec a test expects. The client sends every default explicitly, and the server
/// fills a member left out with that same default, so an expected spec may be written with only the members that
/// matter: it is compared after the server's reading has filled in the rest.
/// </summary>
internal static class SpecJson
{
    // The server's reading: strict, so a misspelt member in an expected spec fails the test instead of vanishing.
    private static readonly JsonSerializerOptions ServerReading = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    // The client's writing: camelCase, lower-case enums, null members left out.
    private static readonly JsonSerializerOptions ClientWriting = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Asserts that <paramref name="wire"/> is, byte for byte up to whitespace, the spec the server trains for
    /// <paramref name="expected"/>: the same members set, every other one at the server's default, nothing else.
    /// </summary>
    public static void AssertSent(string expected, string wire)
    {
        var effective = JsonSerializer.Deserialize<TrainingSpec>(expected, ServerReading);
        Assert.Equal(Canonical(JsonSerializer.Serialize(effective, ClientWriting)), Canonical(wire));
    }

    private static string Canonical(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
