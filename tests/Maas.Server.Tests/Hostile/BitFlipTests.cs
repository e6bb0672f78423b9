using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// A fixture model with bytes flipped at many positions, each uploaded as its own model. Every outcome is either a
/// refusal (4xx naming the problem) or a version that loads and serves, or fails to load with 503: never a 500, never
/// a crash. The witness model answers throughout.
/// </summary>
public sealed class BitFlipTests(HostileFixture server, ITestOutputHelper output) : IClassFixture<HostileFixture>
{
    private const int RandomPositions = 48;

    [Fact]
    public async Task Upload_BitFlippedOnnx_IsRefusedOrServesOrFailsToLoad_NeverA500()
    {
        var original = await File.ReadAllBytesAsync(TestFixtures.Model("breast_cancer_mlp"));
        var outcomes = new Dictionary<string, int>();
        foreach (var (position, mask) in Positions(original.Length))
        {
            var flipped = (byte[])original.Clone();
            flipped[position] ^= mask;
            var outcome = await TryAsync(flipped, $"byte {position} ^ 0x{mask:x2}");
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            if (outcomes.Values.Sum() % 16 == 0)
            {
                await server.AssertServingAsync();
            }
        }

        await server.AssertServingAsync();
        output.WriteLine(Describe(outcomes));

        // The positions must reach both the parser and the weights, or the test proves less than it claims.
        Assert.True(outcomes.GetValueOrDefault("refused") > 0, Describe(outcomes));
        Assert.True(outcomes.GetValueOrDefault("served") > 0, Describe(outcomes));
    }

    // The header and the first tensor descriptions, where flips break structure, then positions spread at random.
    private static IEnumerable<(int Position, byte Mask)> Positions(int length)
    {
        var random = new Random(20261123);
        for (var i = 0; i < 32; i++)
        {
            yield return (i, (byte)(i % 2 == 0 ? 0xFF : 1 << (i % 8)));
        }

        for (var i = 0; i < RandomPositions; i++)
        {
            yield return (random.Next(length), (byte)(1 << random.Next(8)));
        }
    }

    private async Task<string> TryAsync(byte[] content, string what)
    {
        var (name, upload) = await server.UploadFreshAsync(content, "flip");
        if (upload.StatusCode != HttpStatusCode.Created)
        {
            await Rejections.AssertAsync(upload);
            return "refused";
        }

        upload.Dispose();
        using var load = await server.Http.PostAsync($"/v2/repository/models/{name}/load", null);
        var loadBody = await load.Content.ReadAsStringAsync();
        Assert.True(load.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{what}: load answered {(int)load.StatusCode} {loadBody}");
        Rejections.AssertNoLeaks(loadBody);
        if (load.StatusCode != HttpStatusCode.OK)
        {
            return "failed to load";
        }

        var outcome = await InferAsync(name, what);
        (await server.Http.PostAsync($"/v2/repository/models/{name}/unload", null)).Dispose();
        return outcome;
    }

    // A flip may rename or reshape the input; the request follows the version's own signature, with zeros.
    private async Task<string> InferAsync(string name, string what)
    {
        using var metadata = JsonDocument.Parse(await server.Http.GetStringAsync($"/v2/models/{name}"));
        var inputs = metadata.RootElement.GetProperty("inputs").EnumerateArray().Select(input =>
        {
            var shape = input.GetProperty("shape").EnumerateArray().Select(d => Math.Max(1, d.GetInt64())).ToArray();
            var count = shape.Aggregate(1L, (a, b) => a * b);
            var datatype = input.GetProperty("datatype").GetString()!;
            object data = datatype switch
            {
                "BYTES" => Enumerable.Repeat(string.Empty, (int)Math.Min(count, 1 << 16)).ToArray(),
                "BOOL" => Enumerable.Repeat(false, (int)Math.Min(count, 1 << 16)).ToArray(),
                _ => Enumerable.Repeat(0, (int)Math.Min(count, 1 << 16)).ToArray(),
            };
            return new { name = input.GetProperty("name").GetString(), shape, datatype, data };
        }).ToArray();

        using var response = await server.Http.PostAsJsonAsync($"/v2/models/{name}/infer", new { inputs });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is < 500 or 503, $"{what}: inference answered {(int)response.StatusCode} {body}");
        Rejections.AssertNoLeaks(body);
        return response.IsSuccessStatusCode ? "served" : "refused at inference";
    }

    private static string Describe(Dictionary<string, int> outcomes) =>
        string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}"));
}
