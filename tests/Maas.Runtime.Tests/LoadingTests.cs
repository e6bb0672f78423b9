using System.Text;
using Maas.Core;

namespace Maas.Runtime.Tests;

public sealed class LoadingTests
{
    [Fact]
    public async Task InferAsync_ManyConcurrentFirstRequests_CoalesceIntoOneLoad()
    {
        var fixture = FixtureModel.Get("breast_cancer_mlp");
        var source = new TestModelSource();
        var key = source.AddFile("mlp", 1, fixture.Path, fixture.Signature);
        await using var host = TestHosts.Create(source);
        source.Hold();

        var calls = Enumerable.Range(0, 20)
            .Select(i => host.InferAsync(key, [Tensors.Rows(fixture.Inputs[0], i % 8, 1)], null, CancellationToken.None))
            .ToList();
        var loads = Enumerable.Range(0, 5).Select(_ => host.LoadAsync(key, CancellationToken.None)).ToList();
        await Poll.UntilAsync(() => source.Opens(key) == 1, "the artefact was opened");
        Assert.Equal(ModelLoadState.Loading, host.GetStatus(key).State);
        Assert.DoesNotContain(calls, c => c.IsCompleted);
        source.Release();
        var results = await Task.WhenAll(calls);
        await Task.WhenAll(loads);

        Assert.Equal(1, host.LoadsStarted);
        Assert.Equal(1, source.Opens(key));
        for (var i = 0; i < results.Length; i++)
        {
            Tensors.AssertClose(fixture.ExpectedRow(0, i % 8), Tensors.ToFloats(results[i].Outputs[0]), $"request {i}");
        }

        Assert.Equal(ModelLoadState.Ready, host.GetStatus(key).State);
    }

    [Fact]
    public async Task InferAsync_CorruptArtifact_FailsUnavailableWhileAnotherModelKeepsAnswering()
    {
        var good = FixtureModel.Get("digits_cnn");
        var source = new TestModelSource();
        var goodKey = source.AddFile("digits", 1, good.Path, good.Signature);
        var brokenKey = source.AddBytes("broken", 2, Encoding.UTF8.GetBytes("this is not an ONNX model"), good.Signature);
        await using var host = TestHosts.Create(source);

        var broken = host.InferAsync(brokenKey, good.Inputs, null, CancellationToken.None);
        var answered = host.InferAsync(goodKey, good.Inputs, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<MaasException>(() => broken);
        Assert.Equal(ErrorCode.Unavailable, error.Code);
        Assert.StartsWith("Model 'broken' version 2 failed to load: ", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length > "Model 'broken' version 2 failed to load: ".Length + 5);
        Assert.DoesNotContain("/work", error.Message, StringComparison.Ordinal);
        Tensors.AssertClose(good.ExpectedOutputs[0].Data, Tensors.ToFloats((await answered).Outputs[0]), "digits");
        var status = host.GetStatus(brokenKey);
        Assert.Equal(ModelLoadState.Unavailable, status.State);
        Assert.Equal(error.Message["Model 'broken' version 2 failed to load: ".Length..], status.Reason);
        Assert.Equal(0, status.MemoryBytes);
        Assert.Equal(host.GetStatus(goodKey).MemoryBytes, host.MemoryInUseBytes);
        Assert.Equal(ModelLoadState.Ready, host.GetStatus(goodKey).State);
    }

    [Fact]
    public async Task InferAsync_FailedLoad_IsRememberedUntilTheRetryDelayOrAnExplicitLoad()
    {
        var good = FixtureModel.Get("digits_cnn");
        var source = new TestModelSource();
        var brokenKey = source.AddBytes("broken", 1, [1, 2, 3], good.Signature);
        var time = new ManualTimeProvider();
        await using var host = TestHosts.Create(source, time);

        var first = await Assert.ThrowsAsync<MaasException>(() => host.InferAsync(brokenKey, good.Inputs, null, CancellationToken.None));
        var remembered = await Assert.ThrowsAsync<MaasException>(() => host.InferAsync(brokenKey, good.Inputs, null, CancellationToken.None));
        Assert.Equal(first.Message, remembered.Message);
        Assert.Equal(1, host.LoadsStarted);

        await Assert.ThrowsAsync<MaasException>(() => host.LoadAsync(brokenKey, CancellationToken.None));
        Assert.Equal(2, host.LoadsStarted);

        time.Advance(TimeSpan.FromSeconds(31));
        await Assert.ThrowsAsync<MaasException>(() => host.InferAsync(brokenKey, good.Inputs, null, CancellationToken.None));
        Assert.Equal(3, host.LoadsStarted);
        Assert.Equal(3, host.GetStatistics(brokenKey).Fail.Count);
    }

    [Fact]
    public async Task LoadAsync_SignatureThatDoesNotMatchTheGraph_FailsUnavailableWithTheReason()
    {
        var digits = FixtureModel.Get("digits_cnn");
        var mlp = FixtureModel.Get("breast_cancer_mlp");
        var source = new TestModelSource();
        var key = source.AddFile("digits", 1, digits.Path, mlp.Signature);
        await using var host = TestHosts.Create(source);

        var error = await Assert.ThrowsAsync<MaasException>(() => host.LoadAsync(key, CancellationToken.None));

        Assert.Equal(ErrorCode.Unavailable, error.Code);
        Assert.Contains("'features'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, host.MemoryInUseBytes);
    }

    [Fact]
    public async Task LoadAsync_UnknownDigest_FailsUnavailableWithTheStoreReason()
    {
        var digits = FixtureModel.Get("digits_cnn");
        var source = new TestModelSource();
        var key = new ModelKey("ghost", 1, "sha256:" + new string('0', 64));
        source.Define(key, digits.Signature);
        await using var host = TestHosts.Create(source);

        var error = await Assert.ThrowsAsync<MaasException>(() => host.LoadAsync(key, CancellationToken.None));

        Assert.Equal(ErrorCode.Unavailable, error.Code);
        Assert.Contains("No blob with digest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnloadAsync_InFlightRequest_WaitsForItToFinish()
    {
        var fixture = FixtureModel.Get("breast_cancer_mlp");
        var source = new TestModelSource();
        var config = new ModelRuntimeConfig(MaxBatchSize: 8, MaxQueueDelay: TimeSpan.FromSeconds(1));
        var key = source.AddFile("mlp", 1, fixture.Path, fixture.Signature, config);
        var time = new ManualTimeProvider();
        await using var host = TestHosts.Create(source, time);
        await host.LoadAsync(key, CancellationToken.None);
        var inFlight = host.InferAsync(key, [Tensors.Rows(fixture.Inputs[0], 2, 1)], null, CancellationToken.None);
        await Poll.UntilAsync(() => time.PendingTimerCount == 1, "the request is in its batching window");

        var unload = host.UnloadAsync(key, CancellationToken.None);

        Assert.False(unload.IsCompleted);
        Assert.Equal(ModelLoadState.Unloading, host.GetStatus(key).State);
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await inFlight.WaitAsync(Poll.DefaultTimeout);
        Tensors.AssertClose(fixture.ExpectedRow(0, 2), Tensors.ToFloats(result.Outputs[0]), "row 2");
        Assert.True(await unload.WaitAsync(Poll.DefaultTimeout));
        Assert.Equal(ModelLoadState.Unloaded, host.GetStatus(key).State);
        Assert.Equal(0, host.MemoryInUseBytes);
    }

    [Fact]
    public async Task UnloadAsync_AfterInvalidRequestsToTheLoadedVersion_CompletesAtOnce()
    {
        // A request to a loaded version takes its lease before validation: one that fails validation must give it
        // back, or the version would never drain and the unload would wait forever.
        var fixture = FixtureModel.Get("breast_cancer_mlp");
        var source = new TestModelSource();
        var key = source.AddFile("mlp", 1, fixture.Path, fixture.Signature);
        await using var host = TestHosts.Create(source);
        await host.LoadAsync(key, CancellationToken.None);

        await Assert.ThrowsAsync<MaasException>(() => host.InferAsync(key, [], null, CancellationToken.None));
        await Assert.ThrowsAsync<MaasException>(() => host.InferAsync(key, fixture.Inputs, ["no-such-output"], CancellationToken.None));

        Assert.True(await host.UnloadAsync(key, CancellationToken.None).WaitAsync(Poll.DefaultTimeout));
        Assert.Equal(ModelLoadState.Unloaded, host.GetStatus(key).State);
    }

    [Fact]
    public async Task UnloadAsync_NotLoaded_ReturnsFalseAndALaterRequestLoadsAgain()
    {
        var fixture = FixtureModel.Get("diabetes_linear");
        var source = new TestModelSource();
        var key = source.AddFile("diabetes", 1, fixture.Path, fixture.Signature);
        await using var host = TestHosts.Create(source);

        Assert.False(await host.UnloadAsync(key, CancellationToken.None));
        await host.LoadAsync(key, CancellationToken.None);
        Assert.True(await host.UnloadAsync(key, CancellationToken.None));
        Assert.False(await host.UnloadAsync(key, CancellationToken.None));
        var result = await host.InferAsync(key, fixture.Inputs, null, CancellationToken.None);

        Tensors.AssertClose(fixture.ExpectedOutputs[0].Data, Tensors.ToFloats(result.Outputs[0]), "diabetes");
        Assert.Equal(2, host.LoadsStarted);
        Assert.Equal(ModelLoadState.Ready, host.GetStatus(key).State);
    }

    [Fact]
    public async Task InferAsync_ConfigChangedWhileLoaded_KeepsTheOldSettingsUntilTheNextLoad()
    {
        // The instance count shows in the memory estimate, so the settings a version runs with can be read off its status.
        var fixture = FixtureModel.Get("diabetes_linear");
        var source = new TestModelSource();
        var key = source.AddFile("diabetes", 1, fixture.Path, fixture.Signature, new ModelRuntimeConfig(InstanceCount: 1));
        await using var host = TestHosts.Create(source);
        await host.LoadAsync(key, CancellationToken.None);
        var reads = source.DefinitionReads(key);

        source.Define(key, fixture.Signature, new ModelRuntimeConfig(InstanceCount: 2));
        var loaded = await host.InferAsync(key, fixture.Inputs, null, CancellationToken.None);

        Tensors.AssertClose(fixture.ExpectedOutputs[0].Data, Tensors.ToFloats(loaded.Outputs[0]), "loaded with the old settings");
        Assert.Equal(fixture.Estimate(1), host.GetStatus(key).MemoryBytes);
        Assert.Equal(reads, source.DefinitionReads(key));
        Assert.True(await host.UnloadAsync(key, CancellationToken.None));
        var reloaded = await host.InferAsync(key, fixture.Inputs, null, CancellationToken.None);
        Tensors.AssertClose(fixture.ExpectedOutputs[0].Data, Tensors.ToFloats(reloaded.Outputs[0]), "loaded again with the new settings");
        Assert.Equal(fixture.Estimate(2), host.GetStatus(key).MemoryBytes);
        Assert.Equal(2, host.LoadsStarted);
    }

    [Fact]
    public async Task DisposeAsync_QueuedRequest_FailsUnavailableAndTheTakenOneStillRuns()
    {
        var fixture = FixtureModel.Get("digits_cnn");
        var source = new TestModelSource();
        var config = new ModelRuntimeConfig(MaxBatchSize: 2, MaxQueueDelay: TimeSpan.FromSeconds(1));
        var key = source.AddFile("digits", 1, fixture.Path, fixture.Signature, config);
        var time = new ManualTimeProvider();
        var host = TestHosts.Create(source, time);
        await host.LoadAsync(key, CancellationToken.None);
        var taken = host.InferAsync(key, [Tensors.Rows(fixture.Inputs[0], 0, 1)], null, CancellationToken.None);
        await Poll.UntilAsync(() => time.PendingTimerCount == 1, "the batching window opened");
        var queued = host.InferAsync(key, [Tensors.Rows(fixture.Inputs[0], 0, 2)], null, CancellationToken.None);

        await host.DisposeAsync().AsTask().WaitAsync(Poll.DefaultTimeout);
        await host.DisposeAsync();

        var error = await Assert.ThrowsAsync<MaasException>(() => queued);
        Assert.Equal(ErrorCode.Unavailable, error.Code);
        Tensors.AssertClose(fixture.ExpectedRow(0, 0), Tensors.ToFloats((await taken).Outputs[0]), "taken");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => host.InferAsync(key, fixture.Inputs, null, CancellationToken.None));
    }
}
