using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Security;
using Maas.Core.Storage;
using Maas.Server.Security;

namespace Maas.Server.Models;

/// <summary><c>/api/v1/models/{name}/aliases/{alias}</c>: point an alias at a version, or remove it.</summary>
internal static class AliasEndpoints
{
    public static RouteGroupBuilder MapAliasEndpoints(this RouteGroupBuilder api)
    {
        var aliases = api.MapGroup("/models/{name}/aliases").WithTags("Aliases").RequireMaasRole(Role.Publisher).ScopedToModel();
        aliases.MapPut("/{alias}", SetAsync).WithSummary("Create an alias or move it to another version, atomically.").Audited(AuditActions.AliasSet);
        aliases.MapDelete("/{alias}", DeleteAsync).WithSummary("Remove an alias.").Audited(AuditActions.AliasDelete);
        return aliases;
    }

    private static async Task<AliasInfo> SetAsync(string name, string alias, SetAliasRequest request, IRegistryStore store, CancellationToken cancellationToken)
    {
        ResourceName.Validate(name, "model name");
        ResourceName.ValidateAlias(alias);
        if (request.Version < 1)
        {
            throw MaasException.Invalid($"version must be a version number (1 or more); {request.Version} was given.");
        }

        return await store.SetAliasAsync(name, alias, request.Version, cancellationToken);
    }

    private static async Task<NoContent> DeleteAsync(string name, string alias, IRegistryStore store, CancellationToken cancellationToken)
    {
        ResourceName.Validate(name, "model name");
        ResourceName.ValidateAlias(alias);
        await store.DeleteAliasAsync(name, alias, cancellationToken);
        return TypedResults.NoContent();
    }
}
