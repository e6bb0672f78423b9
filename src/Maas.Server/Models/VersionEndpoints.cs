using System.Globalization;
using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Security;
using Maas.Core.Storage;
using Maas.Server.Hosting;
using Maas.Server.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Maas.Server.Models;

/// <summary><c>/api/v1/models/{name}/versions</c>: upload, list, show, download and delete versions.</summary>
internal static class VersionEndpoints
{
    public static RouteGroupBuilder MapVersionEndpoints(this RouteGroupBuilder api)
    {
        var versions = api.MapGroup("/models/{name}/versions").WithTags("Versions").RequireMaasRole(Role.Consumer).ScopedToModel();
        // No Accepts<> metadata: routing would answer a wrong Content-Type with a bare 415; the handler says what to send.
        versions.MapPost("/", UploadAsync)
            .WithSummary("Upload an ONNX model as the next version (raw body, application/octet-stream).")
            .RequireMaasRole(Role.Publisher).Audited(AuditActions.VersionUpload);
        versions.MapGet("/", ListAsync).WithSummary("List a model's versions, newest first.");
        versions.MapGet("/{version}", GetAsync).WithSummary("Show a version: digest, size, signature and aliases.");
        versions.MapDelete("/{version}", DeleteAsync).WithSummary("Delete a version that no alias points at.")
            .RequireMaasRole(Role.Publisher).Audited(AuditActions.VersionDelete);

        // The weights are more than metadata: a consumer may use a model but not take it away.
        versions.MapGet("/{version}/artifact", DownloadAsync).WithSummary("Download a version's ONNX file.").RequireMaasRole(Role.Publisher);
        return versions;
    }

    private static async Task<IResult> UploadAsync(string name, HttpContext context, ModelRegistry registry, IOptions<LimitsOptions> limits, CancellationToken cancellationToken)
    {
        ResourceName.Validate(name, "model name");
        // Some clients send no Content-Type for a raw body; any other type means the caller sent something else.
        if (context.Request.ContentType is { } contentType && !IsOctetStream(contentType))
        {
            throw new MaasException(ErrorCode.UnsupportedMediaType, "Send the model file as the raw request body with Content-Type: application/octet-stream.");
        }

        // Kestrel's default body limit is far below a model's size; uploads have their own limit, enforced while streaming.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limits.Value.MaxModelBytes;
        }

        var version = await registry.UploadAsync(name, context.Request.Body, cancellationToken);
        return TypedResults.Created($"/api/v1/models/{name}/versions/{version.Version}", version);
    }

    private static async Task<VersionList> ListAsync(string name, IRegistryStore store, CancellationToken cancellationToken)
    {
        ResourceName.Validate(name, "model name");
        return new VersionList(await store.ListVersionsAsync(name, cancellationToken));
    }

    private static async Task<ModelVersionInfo> GetAsync(string name, string version, ModelRegistry registry, CancellationToken cancellationToken)
    {
        ResourceName.Validate(name, "model name");
        return await registry.GetVersionAsync(name, ParseVersion(version), cancellationToken);
    }

    private static async Task<NoContent> DeleteAsync(string name, string version, ModelRegistry registry, CancellationToken cancellationToken)
    {
        ResourceName.Validate(name, "model name");
        await registry.DeleteVersionAsync(name, ParseVersion(version), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> DownloadAsync(string name, string version, ModelRegistry registry, CancellationToken cancellationToken)
    {
        ResourceName.Validate(name, "model name");
        var (info, content) = await registry.OpenArtifactAsync(name, ParseVersion(version), cancellationToken);
        return TypedResults.Stream(
            content,
            "application/octet-stream",
            fileDownloadName: $"{info.Model}-{info.Version}.onnx",
            lastModified: info.Created,
            entityTag: new EntityTagHeaderValue($"\"{info.Digest}\""));
    }

    private static bool IsOctetStream(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);

    internal static int ParseVersion(string version) =>
        int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw MaasException.Invalid($"'{(version.Length > 20 ? version[..20] + "…" : version)}' is not a version number; versions are numbered 1, 2, 3…");
}
