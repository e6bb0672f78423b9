using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using Grpc.AspNetCore.Server;
using Maas.Core.Security;
using Maas.Core.Storage;
using Maas.Runtime;
using Maas.Server.Hosting.Configuration;
using Maas.Server.Hosting.Errors;
using Maas.Server.Inference;
using Maas.Server.Inference.Protocol;
using Maas.Server.Models;
using Maas.Server.Security;
using Maas.Server.Training;
using Maas.Storage;
using Maas.Storage.Sqlite;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Maas.Server.Hosting;

/// <summary>
/// A started Maas server: Kestrel on the configured addresses over the stores in the data directory. Tests start one
/// in-process on port 0; <see cref="MaasServerHost"/> starts one for <c>maas serve</c>.
/// </summary>
internal sealed class MaasServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2? _certificate;
    private int _disposed;

    private MaasServer(WebApplication app, X509Certificate2? certificate, string dataDirectory, Uri httpAddress, Uri? grpcAddress)
    {
        _app = app;
        _certificate = certificate;
        DataDirectory = dataDirectory;
        HttpAddress = httpAddress;
        GrpcAddress = grpcAddress;
    }

    /// <summary>The full path of the data folder.</summary>
    public string DataDirectory { get; }

    /// <summary>The bound HTTP address, with the real port when 0 was asked for.</summary>
    public Uri HttpAddress { get; }

    /// <summary>The bound gRPC address, or <c>null</c> when gRPC is disabled.</summary>
    public Uri? GrpcAddress { get; }

    public IServiceProvider Services => _app.Services;

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>
    /// Starts a server with <paramref name="configuration"/> (see <see cref="MaasConfiguration"/>). Every setting is
    /// bound and checked before anything is created on disk: a bad value stops the start with a
    /// <see cref="Core.MaasException"/> whose sentences name each setting's flag and configuration key.
    /// </summary>
    /// <param name="configuration">The settings; nothing else (no file, no environment variable) is read.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="timeProvider">The one clock of the server: key expiry, rate limits, audit times, batching, timeouts, jobs.</param>
    /// <param name="configureLogging">Changes the logging set-up (tests silence or capture it).</param>
    public static async Task<MaasServer> StartAsync(
        IConfiguration configuration,
        CancellationToken cancellationToken,
        TimeProvider? timeProvider = null,
        Action<ILoggingBuilder>? configureLogging = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var clock = timeProvider ?? TimeProvider.System;

        // Before anything is created on disk: a bad setting must not leave a half-initialised data folder behind.
        var effective = EffectiveConfiguration.Load(configuration);
        if (effective.Errors.Count > 0)
        {
            throw Core.MaasException.Invalid(string.Join(" ", effective.Errors));
        }

        var storage = effective.Get<StorageOptions>();
        var hosting = effective.Get<HostingOptions>();
        var certificate = TlsCertificate.Load(hosting);
        try
        {
            return await StartAsync(configuration, clock, storage, hosting, certificate, configureLogging, cancellationToken);
        }
        catch
        {
            certificate?.Dispose();
            throw;
        }
    }

    private static async Task<MaasServer> StartAsync(
        IConfiguration configuration,
        TimeProvider clock,
        StorageOptions storage,
        HostingOptions hosting,
        X509Certificate2? certificate,
        Action<ILoggingBuilder>? configureLogging,
        CancellationToken cancellationToken)
    {
        var dataDirectory = Path.GetFullPath(storage.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // From here on, a failure disposes what was opened, so that a refused start leaves no file open or locked.
        var database = await SqliteDatabase.OpenAsync(Path.Combine(dataDirectory, "maas.db"), clock, cancellationToken);
        FileBlobStore? blobs = null;
        WebApplication? app = null;
        try
        {
            blobs = await BlobStoreFactory.CreateAsync(dataDirectory, storage, cancellationToken);
            var listeners = new Listeners(hosting, certificate);
            app = Build(configuration, clock, database, blobs, listeners, configureLogging);
            await app.Services.GetRequiredService<ModelRegistry>().RecoverAsync(cancellationToken);
            await SecurityWiring.InitializeSecurityAsync(app.Services, dataDirectory, cancellationToken);
            await app.StartAsync(cancellationToken);
            return new MaasServer(app, certificate, dataDirectory, listeners.HttpAddress, listeners.GrpcAddress);
        }
        catch
        {
            // Once built, the container owns the database and the blob store.
            if (app is not null)
            {
                await app.DisposeAsync();
            }
            else
            {
                blobs?.Dispose();
                await database.DisposeAsync();
            }

            throw;
        }
    }

    private static WebApplication Build(
        IConfiguration configuration,
        TimeProvider clock,
        SqliteDatabase database,
        FileBlobStore blobs,
        Listeners listeners,
        Action<ILoggingBuilder>? configureLogging)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);

        // Per-request Information logs from hosting, routing and gRPC cost more than a small model's inference and
        // flood the log; warnings and errors from them still come through.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        // Hosting's per-request logger only says "request starting/finished" (Information), yet while it is enabled
        // at any level, hosting opens a log scope and an Activity for every request: off, unless tracing listens.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        configureLogging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            listeners.Bind(kestrel);
        });
        ConfigureServices(builder.Services, clock, database, blobs);
        builder.Services.AddMaasTraining();
        var app = builder.Build();
        ConfigurePipeline(app);
        return app;
    }

    private static void ConfigureServices(IServiceCollection services, TimeProvider clock, SqliteDatabase database, FileBlobStore blobs)
    {
        services.AddSingleton(clock);
        services.AddMaasOptions();

        // The container owns (and disposes) the database; every store on it, the cached model store among them, is registered here.
        services.AddMaasSqliteStorage(database);
        // Registered through a factory, so that the container disposes it.
        services.AddSingleton<IBlobStore>(_ => blobs);
        services.AddSingleton<ModelRegistry>();
        ConfigureServing(services);
        services.AddMaasSecurity();
        services.AddMaasLimits();
        services.AddSingleton(sp => AllowedHosts.Parse(sp.GetRequiredService<IOptions<HostingOptions>>().Value.AllowedHosts));
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = FrameworkProblems.Complete);
        services.AddOpenApi();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(json =>
        {
            // A misspelt field is a mistake the caller should hear about, not a silently ignored one.
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.SerializerOptions.WriteIndented = false;
        });
    }

    private static void ConfigureServing(IServiceCollection services)
    {
        services.AddSingleton(Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton<ServingMetrics>();
        services.AddSingleton<IModelSource, RegistryModelSource>();
        services.AddSingleton(sp => new ModelHost(
            sp.GetRequiredService<IOptions<ModelHostOptions>>().Value,
            sp.GetRequiredService<IModelSource>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<ServingMetrics>()));
        services.AddSingleton<ModelResolver>();
        services.AddSingleton<InferenceService>();
        services.AddSingleton<RepositoryExtension>();
        services.AddGrpc(grpc =>
        {
            grpc.MaxSendMessageSize = null;
            grpc.Interceptors.Add<GrpcErrorInterceptor>();
            grpc.Interceptors.Add<GrpcAccessInterceptor>();
        });
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<LimitsOptions>>((grpc, limits) => grpc.MaxReceiveMessageSize = limits.Value.MaxInferenceBodyBytes);
        services.AddGrpcHealthChecks().AddCheck<ShutdownHealthCheck>("maas");
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        app.UseMiddleware<ErrorHandlingMiddleware>();
        // The edges before the key: a rebound host name, or REST on the gRPC port, is refused whoever asks.
        app.UseMiddleware<HostFilterMiddleware>();
        app.UseMiddleware<GrpcPortMiddleware>();
        app.UseStatusCodePages(StatusCodePages.WriteAsync);
        app.UseMaasSecurity();
        app.UseMaasLimits();
        app.MapOpenApi("/openapi/{documentName}.json").RequireMaasRole(Role.Consumer);
        var api = app.MapGroup("/api/v1");
        api.MapModelEndpoints();
        api.MapVersionEndpoints();
        api.MapAliasEndpoints();
        api.MapConfigEndpoints();
        api.MapAdminEndpoints();
        api.MapKeyEndpoints();
        api.MapAuditEndpoints();
        api.MapTrainingEndpoints();
        app.MapInferenceEndpoints();
        app.MapRepositoryEndpoints();
        app.MapGrpcService<InferenceGrpcService>();
        app.MapGrpcHealthChecksService().AllowAnonymousAccess();

        var registry = app.Services.GetRequiredService<CollectorRegistry>();
        var metrics = app.Services.GetRequiredService<ServingMetrics>();
        var host = app.Services.GetRequiredService<ModelHost>();
        registry.AddBeforeCollectCallback(() => metrics.Refresh(host));
        var auditMetrics = new AuditMetrics(registry);
        var auditLog = app.Services.GetRequiredService<IAuditLog>();
        registry.AddBeforeCollectCallback(cancellationToken => auditMetrics.RefreshAsync(auditLog, cancellationToken));
        app.MapMetrics("/metrics", registry).RequireMaasRole(Role.Consumer).RequireAllModels();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _certificate?.Dispose();
    }
}
