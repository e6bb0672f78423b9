using Maas.Onnx.Tests;

namespace Maas.Server.Tests.Inference;

/// <summary>A server with gRPC on, and every fixture model registered under its own name (underscores as dashes).</summary>
public sealed class ServingFixture : ServerFixture
{
    public static readonly string[] Models = ["breast_cancer_mlp", "digits_cnn", "diabetes_linear", "text_encoder", "resnet18"];

    public ServingFixture()
    {
        EnableGrpc = true;
    }

    public static string NameOf(string fixture) => fixture.Replace('_', '-');

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var fixture in Models)
        {
            (await Http.PostAsJsonAsync("/api/v1/models", new { name = NameOf(fixture) })).EnsureSuccessStatusCode();
            (await UploadAsync(NameOf(fixture), TestFixtures.Model(fixture))).EnsureSuccessStatusCode();
        }
    }

    /// <summary>Registers a fresh model holding the tiny Add graph (a, b FP32 [batch, 3] → sum) and returns its name.</summary>
    public async Task<string> CreateAddModelAsync(object? config = null)
    {
        var name = await CreateModelAsync("add");
        (await UploadAsync(name, TestModels.Add().ToStream())).EnsureSuccessStatusCode();
        if (config is not null)
        {
            (await Http.PutAsJsonAsync($"/api/v1/models/{name}/config", config)).EnsureSuccessStatusCode();
        }

        return name;
    }
}
