using System.Globalization;
using System.Text.Json;
using Maas.Core;
using Maas.Core.Security;
using Maas.Runtime;
using Maas.Server.Security;

namespace Maas.Server.Inference;

/// <summary>
/// The <c>model_repository</c> and <c>statistics</c> extensions over REST, with Triton's paths and JSON so that
/// tritonclient's <c>get_model_repository_index</c>, <c>load_model</c>, <c>unload_model</c> and
/// <c>get_inference_statistics</c> work unchanged.
/// </summary>
internal static class RepositoryEndpoints
{
    public static void MapRepositoryEndpoints(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2").WithTags("Inference (Open Inference Protocol)").RequireMaasRole(Role.Consumer);
        v2.MapPost("/repository/index", IndexAsync).WithSummary("Every registered version with its state (READY, LOADING, UNAVAILABLE…).").FilteredByScope();
        v2.MapPost("/repository/models/{name}/load", LoadAsync).WithSummary("Load the model's default version now and wait until it is ready.")
            .RequireMaasRole(Role.Publisher).ScopedToModel().Audited(AuditActions.RepositoryLoad);
        v2.MapPost("/repository/models/{name}/unload", UnloadAsync).WithSummary("Unload every loaded version of the model.")
            .RequireMaasRole(Role.Publisher).ScopedToModel().Audited(AuditActions.RepositoryUnload);
        v2.MapGet("/models/stats", (RepositoryExtension repository, MaasCaller caller, CancellationToken ct) => StatisticsAsync(repository, caller, null, null, ct)).FilteredByScope();
        v2.MapGet("/models/{name}/stats", (string name, RepositoryExtension repository, MaasCaller caller, CancellationToken ct) => StatisticsAsync(repository, caller, name, null, ct)).ScopedToModel();
        v2.MapGet("/models/{name}/versions/{version}/stats", (string name, string version, RepositoryExtension repository, MaasCaller caller, CancellationToken ct) => StatisticsAsync(repository, caller, name, version, ct))
            .WithSummary("Cumulative request, queue and compute statistics, and per-batch-size statistics.").ScopedToModel();
    }

    private static async Task<IResult> IndexAsync(HttpRequest request, RepositoryExtension repository, MaasCaller caller, CancellationToken cancellationToken)
    {
        using var body = await ReadOptionalJsonAsync(request, cancellationToken);
        var readyOnly = body?.RootElement.TryGetProperty("ready", out var ready) == true && ready.ValueKind == JsonValueKind.True;
        var entries = await repository.IndexAsync(readyOnly, cancellationToken);
        return TypedResults.Json(entries.Where(e => caller.CanAccess(e.Name)).Select(e => new
        {
            name = e.Name,
            version = e.Version.ToString(CultureInfo.InvariantCulture),
            state = e.State,
            reason = e.Reason,
        }));
    }

    private static async Task<IResult> LoadAsync(string name, HttpRequest request, RepositoryExtension repository, CancellationToken cancellationToken)
    {
        using var body = await ReadOptionalJsonAsync(request, cancellationToken);
        if (body?.RootElement.TryGetProperty("parameters", out var parameters) == true && parameters.ValueKind == JsonValueKind.Object
            && parameters.EnumerateObject().Any(p => p.Name == "config" || p.Name.StartsWith("file:", StringComparison.Ordinal)))
        {
            // Triton lets a load request carry a config or model files; Maas loads registered, validated versions only.
            throw MaasException.Invalid("Load parameters 'config' and 'file:…' are not accepted: register versions through /api/v1/models/{name}/versions.");
        }

        await repository.LoadAsync(name, cancellationToken);
        return TypedResults.Ok();
    }

    private static async Task<IResult> UnloadAsync(string name, HttpRequest request, RepositoryExtension repository, CancellationToken cancellationToken)
    {
        using var body = await ReadOptionalJsonAsync(request, cancellationToken);
        await repository.UnloadAsync(name, cancellationToken);
        return TypedResults.Ok();
    }

    private static async Task<IResult> StatisticsAsync(RepositoryExtension repository, MaasCaller caller, string? name, string? version, CancellationToken cancellationToken)
    {
        var snapshots = await repository.StatisticsAsync(name, version, cancellationToken);
        return TypedResults.Json(new { model_stats = snapshots.Where(s => caller.CanAccess(s.Key.Name)).Select(Statistics) });
    }

    private static object Statistics(ModelStatisticsSnapshot s) => new
    {
        name = s.Key.Name,
        version = s.Key.Version.ToString(CultureInfo.InvariantCulture),
        last_inference = s.LastInferenceUnixMs,
        inference_count = s.InferenceCount,
        execution_count = s.ExecutionCount,
        inference_stats = new
        {
            success = Duration(s.Success),
            fail = Duration(s.Fail),
            queue = Duration(s.Queue),
            compute_input = Duration(s.ComputeInput),
            compute_infer = Duration(s.ComputeInfer),
            compute_output = Duration(s.ComputeOutput),
            cache_hit = Duration(DurationStat.Zero),
            cache_miss = Duration(DurationStat.Zero),
        },
        batch_stats = s.Batches.Select(b => new
        {
            batch_size = b.BatchSize,
            compute_input = Duration(b.ComputeInput),
            compute_infer = Duration(b.ComputeInfer),
            compute_output = Duration(b.ComputeOutput),
        }),
    };

    private static object Duration(DurationStat d) => new { count = d.Count, ns = d.Nanoseconds };

    private const long MaxBodyBytes = 64 * 1024;

    // tritonclient posts an empty body to index and load; treat it as {}.
    private static async Task<JsonDocument?> ReadOptionalJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0)
        {
            return null;
        }

        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw MaasException.Invalid("The request body is not valid JSON: " + ex.Message);
        }
    }
}
