using Maas.Core.Security;

namespace Maas.Server.Security;

/// <summary><c>/api/v1/keys</c>: create, list, show and revoke API keys (admin only).</summary>
internal static class KeyEndpoints
{
    public static RouteGroupBuilder MapKeyEndpoints(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/keys").WithTags("API keys").RequireMaasRole(Role.Admin);
        keys.MapPost("/", CreateAsync).Audited(AuditActions.KeyCreate)
            .WithSummary("Create an API key; the answer shows the key this once.");
        keys.MapGet("/", ListAsync).WithSummary("List API keys, oldest first, without their secrets.");
        keys.MapGet("/{id}", GetAsync).WithSummary("Show an API key without its secret.");
        keys.MapDelete("/{id}", RevokeAsync).Audited(AuditActions.KeyRevoke)
            .WithSummary("Revoke an API key, effective at once. The last active admin key cannot be revoked.");
        return keys;
    }

    private static async Task<IResult> CreateAsync(CreateKeyRequest request, MaasCaller caller, KeyService keys, HttpResponse response, CancellationToken cancellationToken)
    {
        var created = await keys.CreateAsync(request, cancellationToken);
        caller.AuditTarget = created.Id;

        // The one answer that carries a secret: no cache, shared or private, may keep it.
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        return TypedResults.Created($"/api/v1/keys/{created.Id}", created);
    }

    private static async Task<ApiKeyList> ListAsync(KeyService keys, CancellationToken cancellationToken) =>
        new(await keys.ListAsync(cancellationToken));

    private static Task<ApiKeyInfo> GetAsync(string id, KeyService keys, CancellationToken cancellationToken) =>
        keys.GetAsync(id, cancellationToken);

    private static async Task<NoContent> RevokeAsync(string id, KeyService keys, CancellationToken cancellationToken)
    {
        await keys.RevokeAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }
}
