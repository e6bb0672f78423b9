using Maas.Core;
using Maas.Core.Security;
using Maas.Core.Storage;
using Maas.Runtime;
using Maas.Server.Security;

namespace Maas.Server.Inference;

/// <summary>
/// The Open Inference Protocol (KServe v2) over REST: health, server and model metadata, readiness and inference.
/// <c>{version}</c> may be a number or an alias; without it the <c>production</c> alias, else the newest version.
/// </summary>
internal static class InferenceEndpoints
{
    public static readonly string[] Extensions = ["binary_tensor_data", "classification", "model_repository", "statistics"];

    public static void MapInferenceEndpoints(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2").WithTags("Inference (Open Inference Protocol)").RequireMaasRole(Role.Consumer);
        v2.MapGet("/health/live", () => TypedResults.Json(new { live = true })).WithSummary("200 while the process runs.").AllowAnonymousAccess();
        v2.MapGet("/health/ready", (IHostApplicationLifetime lifetime) => lifetime.ApplicationStopping.IsCancellationRequested
            ? TypedResults.Json(new { ready = false }, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Json(new { ready = true })).WithSummary("200 while the server accepts requests; 503 once it is shutting down.").AllowAnonymousAccess();
        v2.MapGet("/", () => TypedResults.Json(new { name = "maas", version = ServerInfo.Version, extensions = Extensions })).WithSummary("Server name, version and protocol extensions.");
        // Each route comes twice: without a version (the production alias, else the newest) and with one.
        v2.MapGet("/models/{name}", (string name, ModelResolver r, IRegistryStore s, CancellationToken ct) => ModelMetadataAsync(name, null, r, s, ct)).ScopedToModel();
        v2.MapGet("/models/{name}/versions/{version}", ModelMetadataAsync).WithSummary("Model metadata: versions, platform, inputs and outputs.").ScopedToModel();
        v2.MapGet("/models/{name}/ready", (string name, ModelResolver r, ModelHost h, CancellationToken ct) => ModelReadyAsync(name, null, r, h, ct)).ScopedToModel();
        v2.MapGet("/models/{name}/versions/{version}/ready", ModelReadyAsync).WithSummary("200 when the version is loaded and warmed up.").ScopedToModel();
        // Inference is the hot path: plain request delegates over the singletons, so no per-request service scope or
        // parameter binding runs; the route values are read directly.
        var resolver = app.ServiceProvider.GetRequiredService<ModelResolver>();
        var inference = app.ServiceProvider.GetRequiredService<InferenceService>();
        v2.MapPost("/models/{name}/infer", context => InferAsync(context, resolver, inference)).ScopedToModel();
        v2.MapPost("/models/{name}/versions/{version}/infer", context => InferAsync(context, resolver, inference))
            .WithSummary("Run inference (JSON or the binary tensor extension).").ScopedToModel();
    }

    private static async Task<IResult> ModelMetadataAsync(string name, string? version, ModelResolver resolver, IRegistryStore store, CancellationToken cancellationToken)
    {
        var model = await resolver.ResolveAsync(name, version, cancellationToken);
        var versions = await store.ListVersionsAsync(name, cancellationToken);
        return TypedResults.Json(new
        {
            name = model.Version.Model,
            versions = versions.Select(v => v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)).Reverse(),
            platform = "onnxruntime_onnx",
            inputs = model.Version.Signature.Inputs.Select(Tensor),
            outputs = model.Version.Signature.Outputs.Select(Tensor),
        });
    }

    private static async Task<IResult> ModelReadyAsync(string name, string? version, ModelResolver resolver, ModelHost host, CancellationToken cancellationToken)
    {
        var model = await resolver.ResolveAsync(name, version, cancellationToken);
        var status = host.GetStatus(model.Key);
        return status.State == ModelLoadState.Ready
            ? TypedResults.Json(new { name = model.Version.Model, ready = true })
            : TypedResults.Json(new { error = $"Model '{model.Version.Model}' version {model.VersionText} is not ready ({status.State.ToString().ToLowerInvariant()}{(status.Reason is null ? "" : ": " + status.Reason)})." }, statusCode: StatusCodes.Status400BadRequest);
    }

    private static async Task InferAsync(HttpContext context, ModelResolver resolver, InferenceService inference)
    {
        var values = context.Request.RouteValues;
        var cancellationToken = context.RequestAborted;
        var model = await resolver.ResolveAsync((string)values["name"]!, values["version"] as string, cancellationToken);
        await inference.HandleRestAsync(context, model, cancellationToken);
    }

    private static object Tensor(TensorSpec spec) => new { name = spec.Name, datatype = spec.Datatype.ToString(), shape = spec.Shape };
}
