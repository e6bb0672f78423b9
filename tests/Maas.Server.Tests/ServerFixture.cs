using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;
using Grpc.Net.Client;
using Maas.Core.Security;
using Maas.Server.Hosting;
using Maas.Server.Hosting.Configuration;
using Maas.Server.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Maas.Server.Tests;

/// <summary>
/// A real Maas server on 127.0.0.1 (Kestrel, SQLite and the blob store in a fresh temporary data folder), shared by
/// the tests of one class. It starts with <see cref="TestKeys.Admin"/> as its admin key (unless <see cref="Settings"/>
/// names another), and <see cref="Http"/> sends that key; <see cref="CreateKeyAsync"/> makes keys of other roles. Its
/// settings reach the server as configuration, through the same binding and validation as <c>maas serve</c>'s.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "The temporary folder goes in DisposeAsync, as IAsyncLifetime has it.")]
public class ServerFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _temporary = new("maas-test-");
    private MaasServer? _server;

    /// <summary>The server's data folder; it does not exist until the server creates it.</summary>
    public string DataDirectory => _temporary.Combine("data");

    /// <summary>A client of the server that sends the admin key.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The admin key the server started with.</summary>
    public string AdminKey => Settings.GetValueOrDefault(AdminKeySetting) ?? TestKeys.Admin;

    internal MaasServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>Configuration keys and values for fixtures that need other settings; <see cref="Configure{TOptions}"/> fills it typed.</summary>
    internal Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The server's clock; the system's unless a fixture moves time by hand.</summary>
    internal TimeProvider? ServerClock { get; init; }

    private static string AdminKeySetting => MaasSettings.SectionOf<SecurityOptions>() + ":" + nameof(SecurityOptions.AdminKey);

    /// <summary>Whether to listen for gRPC too (on a free port, see <see cref="GrpcAddress"/>).</summary>
    internal bool EnableGrpc { get; init; }

    public Uri GrpcAddress => Server.GrpcAddress ?? throw new InvalidOperationException("gRPC is disabled for this fixture.");

    public virtual async Task InitializeAsync()
    {
        Configure<StorageOptions>(o => o.DataDirectory = DataDirectory);
        Configure<HostingOptions>(o =>
        {
            o.HttpAddress = "127.0.0.1:0";
            o.GrpcAddress = EnableGrpc ? "127.0.0.1:0" : "none";
        });
        Settings.TryAdd(AdminKeySetting, TestKeys.Admin);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        _server = await MaasServer.StartAsync(configuration, CancellationToken.None, ServerClock, ConfigureLogging);
        Http = CreateClient(AdminKey);
    }

    /// <summary>
    /// Sets options of one subsystem, typed: every setting <paramref name="configure"/> changes from its default becomes
    /// a configuration value in <see cref="Settings"/>.
    /// </summary>
    internal void Configure<TOptions>(Action<TOptions> configure)
        where TOptions : class, new()
    {
        var (defaults, changed) = (new TOptions(), new TOptions());
        configure(changed);
        foreach (var setting in MaasSettings.All.Where(s => s.OptionsType == typeof(TOptions)))
        {
            if (!Equals(setting.Read(changed), setting.Read(defaults)))
            {
                Settings[setting.Key] = MaasSetting.ToConfigurationText(setting.Read(changed));
            }
        }
    }

    /// <summary>How the server logs; the default discards everything.</summary>
    internal virtual void ConfigureLogging(ILoggingBuilder logging) => logging.ClearProviders();

    /// <summary>A client of the server that sends <paramref name="apiKey"/> as a bearer token, or no key when <c>null</c>.</summary>
    public HttpClient CreateClient(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = Server.HttpAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + apiKey);
        }

        return client;
    }

    /// <summary>A gRPC channel to the server whose calls carry <paramref name="apiKey"/> (the admin key by default) in <c>authorization</c> metadata.</summary>
    public GrpcChannel CreateGrpcChannel(string? apiKey = null, bool anonymous = false)
    {
        var key = anonymous ? null : apiKey ?? AdminKey;
        var handler = new KeyHandler(key) { InnerHandler = new SocketsHttpHandler() };
        return GrpcChannel.ForAddress(GrpcAddress, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    /// <summary>Creates an API key with the admin key and returns it whole (<c>maas_…</c>).</summary>
    public async Task<string> CreateKeyAsync(Role role, IReadOnlyList<string>? scopes = null, DateTimeOffset? expires = null, string? description = null)
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/keys", new CreateKeyRequest(role, scopes ?? (role == Role.Admin ? null : ["*"]), expires, description));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CreatedApiKey>())!.Key;
    }

    /// <summary>Creates a consumer key for <paramref name="scopes"/> (every model by default).</summary>
    public Task<string> CreateConsumerKeyAsync(params string[] scopes) => CreateKeyAsync(Role.Consumer, scopes.Length == 0 ? null : scopes);

    /// <summary>Creates a publisher key for <paramref name="scopes"/> (every model by default).</summary>
    public Task<string> CreatePublisherKeyAsync(params string[] scopes) => CreateKeyAsync(Role.Publisher, scopes.Length == 0 ? null : scopes);

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _temporary.Dispose();
    }

    /// <summary>Uploads a file as the next version of <paramref name="model"/>.</summary>
    public async Task<HttpResponseMessage> UploadAsync(string model, string path)
    {
        await using var file = File.OpenRead(path);
        return await UploadAsync(model, file);
    }

    public Task<HttpResponseMessage> UploadAsync(string model, Stream content, string contentType = "application/octet-stream")
    {
        var body = new StreamContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return Http.PostAsync($"/api/v1/models/{model}/versions", body);
    }

    /// <summary>Creates a model with a unique name and returns the name.</summary>
    public async Task<string> CreateModelAsync(string prefix = "m")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..24];
        using var response = await Http.PostAsJsonAsync("/api/v1/models", new { name });
        response.EnsureSuccessStatusCode();
        return name;
    }

    /// <summary>Files left in the blob store's staging folder.</summary>
    public string[] TemporaryFiles()
    {
        var tmp = Path.Combine(DataDirectory, "blobs", "tmp");
        return Directory.Exists(tmp) ? Directory.GetFiles(tmp) : [];
    }

    /// <summary>All committed blob files.</summary>
    public string[] BlobFiles()
    {
        var root = Path.Combine(DataDirectory, "blobs", "sha256");
        return Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories) : [];
    }
}
