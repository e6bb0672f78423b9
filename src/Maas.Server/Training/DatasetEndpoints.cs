using Maas.Core;
using Maas.Core.Security;
using Maas.Core.Training;
using Maas.Server.Hosting;
using Maas.Server.Inference;
using Maas.Server.Models;
using Maas.Server.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Maas.Server.Training;

/// <summary><c>/api/v1/datasets</c>: push, list, show and delete CSV datasets (publisher keys and above).</summary>
internal static class DatasetEndpoints
{
    public static RouteGroupBuilder MapDatasetEndpoints(this RouteGroupBuilder api)
    {
        var datasets = api.MapGroup("/datasets").WithTags("Datasets").RequireMaasRole(Role.Publisher);
        datasets.MapGet("/", ListAsync).WithSummary("List datasets by name.").FilteredByScope();
        datasets.MapGet("/{name}", GetAsync).WithSummary("Show a dataset and its versions, newest first.");
        datasets.MapDelete("/{name}", DeleteAsync).WithSummary("Delete a dataset with all its versions.")
            .Audited(TrainingAuditActions.DatasetDelete);

        // The handler checks the name against the key's scopes itself (403 for a push outside them), as model creation does.
        datasets.MapPost("/{name}/versions", PushAsync)
            .WithSummary("Push a CSV file as the next version of a dataset (raw body, text/csv), creating the dataset on the first push.")
            .ScopedToModelInBody().Audited(TrainingAuditActions.DatasetPush);
        datasets.MapGet("/{name}/versions/{version}", GetVersionAsync).WithSummary("Show a dataset version: digest, size, rows and column statistics.");
        datasets.MapDelete("/{name}/versions/{version}", DeleteVersionAsync).WithSummary("Delete a dataset version.")
            .Audited(TrainingAuditActions.DatasetDelete);
        return datasets;
    }

    private static async Task<IResult> PushAsync(string name, HttpContext context, DatasetService datasets, MaasCaller caller, IOptions<LimitsOptions> limits, CancellationToken cancellationToken)
    {
        if (context.Request.ContentType is { } contentType && !IsCsvOrOctetStream(contentType))
        {
            throw new MaasException(ErrorCode.UnsupportedMediaType, "Send the CSV file as the raw request body with Content-Type: text/csv (or application/octet-stream).");
        }

        // A dataset may be as large as a model; the limit is enforced while the body streams in.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limits.Value.MaxModelBytes;
        }

        var version = await datasets.PushAsync(name, context.Request.Body, caller, cancellationToken);
        return TypedResults.Created($"/api/v1/datasets/{name}/versions/{version.Version}", version);
    }

    private static Task<DatasetList> ListAsync(DatasetService datasets, MaasCaller caller, CancellationToken cancellationToken) =>
        datasets.ListAsync(caller, cancellationToken);

    private static Task<DatasetInfo> GetAsync(string name, DatasetService datasets, MaasCaller caller, CancellationToken cancellationToken) =>
        datasets.GetAsync(name, caller, cancellationToken);

    private static Task<DatasetVersionInfo> GetVersionAsync(string name, string version, DatasetService datasets, MaasCaller caller, CancellationToken cancellationToken) =>
        datasets.GetVersionAsync(name, VersionEndpoints.ParseVersion(version), caller, cancellationToken);

    private static async Task<NoContent> DeleteAsync(string name, DatasetService datasets, MaasCaller caller, CancellationToken cancellationToken)
    {
        await datasets.DeleteAsync(name, caller, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> DeleteVersionAsync(string name, string version, DatasetService datasets, MaasCaller caller, CancellationToken cancellationToken)
    {
        await datasets.DeleteVersionAsync(name, VersionEndpoints.ParseVersion(version), caller, cancellationToken);
        return TypedResults.NoContent();
    }

    private static bool IsCsvOrOctetStream(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && (mediaType.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)
            || mediaType.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase));
}
