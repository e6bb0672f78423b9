namespace Maas.Cli.Tests;

/// <summary>
/// <c>maas serve</c> warns when it would listen beyond loopback without TLS. The addresses are TEST-NET-1
/// (192.0.2.0/24, never assigned), so the warning is printed and the bind then fails: nothing listens beyond loopback.
/// </summary>
public sealed class PlainTextWarningTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new("maas-plaintext-");

    [Fact]
    public async Task Serve_BeyondLoopbackWithoutTls_WarnsNamingTheAddressAndTheFlag()
    {
        var result = await MaasCommand.RunAsync("serve", "--data-dir", _folder.Combine("data"), "--http", "192.0.2.1:0", "--grpc", "none");

        Assert.Contains("maas: warning: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("192.0.2.1", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("without TLS", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--tls-cert", result.Stderr, StringComparison.Ordinal);
        Assert.True(result.ExitCode == 1, result.ToString());
    }

    [Fact]
    public async Task Serve_GrpcBeyondLoopbackWithoutTls_Warns()
    {
        var result = await MaasCommand.RunAsync("serve", "--data-dir", _folder.Combine("data"), "--http", "127.0.0.1:0", "--grpc", "192.0.2.1:0");

        Assert.Contains("maas: warning: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("192.0.2.1", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_OnLoopback_DoesNotWarn()
    {
        await using var server = await ServerProcess.StartAsync(_folder.Combine("data"));

        Assert.DoesNotContain("maas: warning", server.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
