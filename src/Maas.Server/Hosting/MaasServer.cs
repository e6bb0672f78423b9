using System.Net;
using System.Text.Json.Serialization;
using Maas.Core.Security;
using Maas.Core.Storage;
using Maas.Runtime;
using Maas.Server.Api;
using Maas.Server.Errors;
using Maas.Server.Inference;
using Maas.Server.Metrics;
using Maas.Server.Protocol;
using Maas.Server.Registry;
using Maas.Server.Security;
using Maas.Server.Training;
using Maas.Storage.Sqlite;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Prometheus;

namespace Maas.Server.Hosting;

/// <summary>
/// A started Maas server: Kestrel on the configured addresses over the stores in the data directory. Tests start one
/// in-process on port 0; <see cref="MaasServerHost"/> starts one for <c>maas serve</c>.
/// </summary>
internal sealed class MaasServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private MaasServer(WebApplication app, Uri httpAddress, Uri? grpcAddress)
    {
        _app = app;
        HttpAddress = httpAddress;
        GrpcAddress = grpcAddress;
    }

    /// <summary>The bound HTTP address, with the real port when 0 was asked for.</summary>
    public Uri HttpAddress { get; }

    /// <summary>The bound gRPC address, or <c>null</c> when gRPC is disabled.</summary>
    public Uri? GrpcAddress { get; }

    public IServiceProvider Services => _app.Services;

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public static async Task<MaasServer> StartAsync(MaasServerOptions options, CancellationToken cancellationToken, Action<ILoggingBuilder>? configureLogging = null)
    {
        var http = ListenAddress.Parse(options.HttpAddress, "--http");
        var grpc = string.Equals(options.GrpcAddress, "none", StringComparison.OrdinalIgnoreCase) ? null : ListenAddress.Parse(options.GrpcAddress, "--grpc");
        if (options.MaxModelBytes < 1)
        {
            throw Core.MaasException.Invalid("--max-model-bytes must be at least 1.");
        }

        // Before anything is created on disk: a bad limit must not leave a half-initialised data folder behind.
        LimitsValidator.Validate(options);
        var training = TrainingSettings.From(options);

        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var database = await SqliteDatabase.OpenAsync(Path.Combine(dataDirectory, "maas.db"), TimeProvider.System, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder();
        // Per-request Information logs from hosting, routing and gRPC cost more than a small model's inference and
        // flood the log; warnings and errors from them still come through.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        // Hosting's per-request logger only says "request starting/finished" (Information), yet while it is enabled
        // at any level, hosting opens a log scope and an Activity for every request: off, unless tracing listens.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        configureLogging?.Invoke(builder.Logging);
        ListenOptions? httpListen = null, grpcListen = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            LimitsWiring.ConfigureLimits(kestrel, options);
            kestrel.Listen(http.Address, http.Port, listen =>
            {
                VerifiedKeyMemo.Attach(listen);
                httpListen = listen;
            });
            if (grpc is not null)
            {
                kestrel.Listen(grpc.Address, grpc.Port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    VerifiedKeyMemo.Attach(listen);
                    grpcListen = listen;
                });
            }
        });
        var blobs = await BlobStoreFactory.CreateAsync(dataDirectory, options, cancellationToken);
        ConfigureServices(builder.Services, options, database, blobs);
        builder.Services.AddMaasTraining(training);

        var app = builder.Build();
        ConfigurePipeline(app);
        await app.Services.GetRequiredService<ModelRegistry>().RecoverAsync(cancellationToken);
        await SecurityWiring.InitializeSecurityAsync(app.Services, dataDirectory, cancellationToken);
        await app.StartAsync(cancellationToken);
        return new MaasServer(app, ToUri(httpListen!, "http"), grpcListen is null ? null : ToUri(grpcListen, "http"));
    }

    private static void ConfigureServices(IServiceCollection services, MaasServerOptions options, SqliteDatabase database, IBlobStore blobs)
    {
        services.AddSingleton(options);

        // The container owns (and disposes) the database; every store on it, the cached model store among them, is registered here.
        services.AddMaasSqliteStorage(database);
        services.AddSingleton<IBlobStore>(blobs);
        services.AddSingleton<ModelRegistry>();
        ConfigureServing(services, options);
        services.AddMaasSecurity(options);
        services.AddMaasLimits(options);
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

    private static void ConfigureServing(IServiceCollection services, MaasServerOptions options)
    {
        var limits = LimitsWiring.InferenceLimitsFor(options);
        services.AddSingleton(limits);
        services.AddSingleton(new ModelHostOptions
        {
            MemoryBudgetBytes = options.MemoryBudgetBytes,
            IntraOpThreads = options.IntraOpThreads,
            AllowSpinning = options.OrtSpinning,
            GraphOptimizationLevel = options.GraphOptimizationLevel,
            MaxTensorElements = options.MaxTensorElements,
        });
        services.AddSingleton(Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton<ServingMetrics>();
        services.AddSingleton<IModelArtifactSource, BlobArtifactSource>();
        services.AddSingleton(sp => new ModelHost(
            sp.GetRequiredService<ModelHostOptions>(),
            sp.GetRequiredService<IModelArtifactSource>(),
            TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<ServingMetrics>()));
        services.AddSingleton<ModelResolver>();
        services.AddSingleton<InferenceService>();
        services.AddSingleton<ModelRepository>();
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxInferenceBodyBytes;
            grpc.MaxSendMessageSize = null;
            grpc.Interceptors.Add<GrpcErrorInterceptor>();
            grpc.Interceptors.Add<GrpcSecurityInterceptor>();
        });
        services.AddGrpcHealthChecks().AddCheck<ShutdownHealthCheck>("maas");
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        app.UseMiddleware<ErrorHandlingMiddleware>();
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
        app.MapMetrics("/metrics", registry).RequireMaasRole(Role.Consumer).RequireAllModels();
    }

    private static Uri ToUri(ListenOptions listen, string scheme)
    {
        var endpoint = listen.IPEndPoint!;
        var host = endpoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : endpoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : endpoint.Address;
        return new Uri($"{scheme}://{new IPEndPoint(host, endpoint.Port)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
