namespace Maas.Runtime.Tests;

public sealed class FixtureOutputTests
{
    [Theory]
    [InlineData("breast_cancer_mlp")]
    [InlineData("digits_cnn")]
    [InlineData("diabetes_linear")]
    [InlineData("text_encoder")]
    [InlineData("resnet18")]
    public async Task InferAsync_FixtureModel_ReproducesReferenceOutputs(string name)
    {
        var fixture = FixtureModel.Get(name);
        var source = new TestModelSource();
        var key = source.AddFile(name, 1, fixture.Path, fixture.Signature);
        await using var host = TestHosts.Create(source);

        var result = await host.InferAsync(key, fixture.Inputs, null, CancellationToken.None);

        Assert.Equal(fixture.Signature.Outputs.Select(o => o.Name), result.Outputs.Select(o => o.Name));
        for (var i = 0; i < fixture.ExpectedOutputs.Count; i++)
        {
            var (shape, data) = fixture.ExpectedOutputs[i];
            Assert.Equal(shape, result.Outputs[i].Shape);
            Tensors.AssertClose(data, Tensors.ToFloats(result.Outputs[i]), $"{name} output {result.Outputs[i].Name}");
        }
    }

    [Fact]
    public async Task InferAsync_NonSeekableArtifactStream_LoadsAndReproducesOutputs()
    {
        var fixture = FixtureModel.Get("digits_cnn");
        var source = new TestModelSource();
        var key = source.AddFile("digits", 1, fixture.Path, fixture.Signature, seekable: false);
        await using var host = TestHosts.Create(source);

        var result = await host.InferAsync(key, fixture.Inputs, ["probabilities"], CancellationToken.None);

        Tensors.AssertClose(fixture.ExpectedOutputs[0].Data, Tensors.ToFloats(result.Outputs[0]), "digits");
        Assert.Equal(fixture.Estimate(1), host.GetStatus(key).MemoryBytes);
    }

    [Fact]
    public async Task InferAsync_WithoutWarmupAndOptimisation_ReproducesOutputs()
    {
        var fixture = FixtureModel.Get("breast_cancer_mlp");
        var source = new TestModelSource();
        var key = source.AddFile("mlp", 1, fixture.Path, fixture.Signature, new ModelRuntimeConfig(IntraOpThreads: 2));
        var options = new ModelHostOptions { GraphOptimizationLevel = "none", Warmup = false, IntraOpThreads = 1 };
        await using var host = new ModelHost(options, source, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

        var result = await host.InferAsync(key, fixture.Inputs, null, CancellationToken.None);

        Tensors.AssertClose(fixture.ExpectedOutputs[0].Data, Tensors.ToFloats(result.Outputs[0]), "mlp");
    }
}
