using System.Diagnostics.CodeAnalysis;

namespace Maas.Cli.Tests;

/// <summary>
/// One real <c>maas serve</c> process on a free port over a temporary data folder, shared by the tests of a class and
/// killed (with its process tree) when they are done.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "The temporary folder goes in DisposeAsync, as IAsyncLifetime has it.")]
public sealed class CliServerFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _temporary = new("maas-cli-");
    private ServerProcess? _server;

    public Uri Address => _server?.HttpAddress ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>What the server printed so far, for assertion messages.</summary>
    public string ServerOutput => _server?.Output ?? string.Empty;

    // The server creates its data folder inside the temporary one.
    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(_temporary.Combine("data"));

    /// <summary>Runs <c>maas</c> with <paramref name="arguments"/> against this server, with the admin key in <c>MAAS_API_KEY</c>.</summary>
    internal Task<CommandResult> RunAsync(params string[] arguments) => RunWithKeyAsync(TestKeys.Admin, arguments);

    /// <summary>Runs <c>maas</c> against this server with <paramref name="apiKey"/> in <c>MAAS_API_KEY</c> (none when <c>null</c>).</summary>
    internal Task<CommandResult> RunWithKeyAsync(string? apiKey, params string[] arguments) =>
        MaasCommand.RunAsync(new Dictionary<string, string?> { [TestKeys.ApiKeyVariable] = apiKey }, [.. arguments, "--server", Address.ToString()]);

    /// <summary>An HTTP client of this server with the admin key.</summary>
    internal HttpClient CreateClient(string? apiKey = TestKeys.Admin) =>
        _server?.CreateClient(apiKey) ?? throw new InvalidOperationException("The server has not started.");

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _temporary.Dispose();
    }
}
