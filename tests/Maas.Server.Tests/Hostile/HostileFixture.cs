using System.Text.Json;
using Maas.Server.Tests.Inference;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// A server with gRPC on and one well-behaved model, <c>witness</c> (breast_cancer_mlp), that must keep answering
/// correctly after every hostile request: the proof that the server stayed up and was not damaged.
/// </summary>
public class HostileFixture : ServerFixture
{
    public const string Witness = "witness";

    private static readonly ReferenceCase Reference = ReferenceCase.Load("breast_cancer_mlp");

    public HostileFixture()
    {
        EnableGrpc = true;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (await Http.PostAsJsonAsync("/api/v1/models", new { name = Witness })).EnsureSuccessStatusCode();
        (await UploadAsync(Witness, TestFixtures.Model("breast_cancer_mlp"))).EnsureSuccessStatusCode();
    }

    /// <summary>Asserts the process is live and the witness model still gives its reference answer.</summary>
    public async Task AssertServingAsync()
    {
        using (var live = await Http.GetAsync("/v2/health/live"))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
        }

        using var response = await Http.PostAsJsonAsync($"/v2/models/{Witness}/infer", new
        {
            inputs = new[] { new { name = Reference.InputName, shape = Reference.InputShape, datatype = Reference.Datatype, data = Reference.InputData } },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"The witness model stopped answering: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        Reference.AssertOutput(0, json.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(d => d.GetDouble()).ToList());
    }

    /// <summary>Uploads raw bytes as the next version of a fresh model; returns the model's name and the response.</summary>
    public async Task<(string Model, HttpResponseMessage Response)> UploadFreshAsync(byte[] content, string prefix = "hostile")
    {
        var name = await CreateModelAsync(prefix);
        return (name, await UploadAsync(name, new MemoryStream(content)));
    }
}
