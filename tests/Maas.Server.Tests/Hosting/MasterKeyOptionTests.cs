using System.Net;
using System.Security.Cryptography;
using Maas.Core;
using Maas.Core.Admin;
using Maas.Onnx.Tests;
using Maas.Server.Hosting;
using Maas.Server.Tests.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Maas.Server.Tests.Hosting;

/// <summary><see cref="StorageOptions.MasterKey"/> (what <c>maas serve</c> fills from <c>MAAS_MASTER_KEY</c>).</summary>
public sealed class MasterKeyOptionTests
{
    [Fact]
    public async Task Start_MasterKeyGiven_NoKeyFileAndRotationNeedsTheNewKey()
    {
        var server = new ServerFixture();
        server.Configure<StorageOptions>(o => o.MasterKey = NewKey());
        await server.InitializeAsync();
        try
        {
            var name = await server.CreateModelAsync();
            (await server.UploadAsync(name, TestModels.Add().ToStream())).EnsureSuccessStatusCode();
            Assert.False(File.Exists(Path.Combine(server.DataDirectory, "master.key")));

            using var missing = await server.Http.PostAsync("/api/v1/admin/rotate-master-key", null);
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.Contains("newMasterKey", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            var newKey = NewKey();
            using var rotated = await server.Http.PostAsJsonAsync("/api/v1/admin/rotate-master-key", new RotateMasterKeyRequest(newKey));
            Assert.True(rotated.IsSuccessStatusCode, await rotated.Content.ReadAsStringAsync());
            var result = (await rotated.Content.ReadFromJsonAsync<MasterKeyRotationResult>())!;
            Assert.Equal(1, result.Rewrapped);
            Assert.True(result.EnvironmentUpdateRequired);
            var pending = await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "master.key.next"));
            Assert.StartsWith("sealed:", pending, StringComparison.Ordinal);
            Assert.DoesNotContain(newKey, pending, StringComparison.Ordinal);
            (await server.Http.GetAsync($"/api/v1/models/{name}/versions/1/artifact")).EnsureSuccessStatusCode();
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Log_AtTraceLevel_NeverHoldsAMasterKey()
    {
        var (oldKey, newKey) = (NewKey(), NewKey());
        var server = new LoggedFixture();
        server.Configure<StorageOptions>(o => o.MasterKey = oldKey);
        await server.InitializeAsync();
        try
        {
            var name = await server.CreateModelAsync();
            (await server.UploadAsync(name, TestModels.Add().ToStream())).EnsureSuccessStatusCode();
            (await server.Http.GetAsync($"/api/v1/models/{name}/versions/1/artifact")).EnsureSuccessStatusCode();
            using var rotated = await server.Http.PostAsJsonAsync("/api/v1/admin/rotate-master-key", new RotateMasterKeyRequest(newKey));
            var result = (await rotated.Content.ReadFromJsonAsync<MasterKeyRotationResult>())!;
            using var again = await server.Http.PostAsJsonAsync("/api/v1/admin/rotate-master-key", new RotateMasterKeyRequest(NewKey()));
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

            Assert.Contains(server.Log.Lines, line => line.Contains(result.MasterKeyId, StringComparison.Ordinal));
            foreach (var key in new[] { oldKey, newKey })
            {
                Assert.DoesNotContain(server.Log.Lines, line => line.Contains(key[..16], StringComparison.Ordinal));
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("too-short")]
    [InlineData("AAECAwQFBgcICQoLDA0ODw==")]
    public async Task Start_MalformedMasterKey_RefusedWithAClearMessage(string key)
    {
        using var temporary = new TemporaryDirectory("maas-test-");
        var directory = temporary.Path;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Maas:Storage:DataDirectory"] = directory,
            ["Maas:Hosting:HttpAddress"] = "127.0.0.1:0",
            ["Maas:Hosting:GrpcAddress"] = "none",
            ["Maas:Storage:MasterKey"] = key,
            ["Maas:Security:AdminKey"] = TestKeys.Admin,
        }).Build();

        var error = await Assert.ThrowsAsync<MaasException>(() => MaasServer.StartAsync(configuration, CancellationToken.None, configureLogging: logging => logging.ClearProviders()));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.StartsWith("MAAS_MASTER_KEY is not a valid master key", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "master.key")));
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
