using Maas.Core.Admin;
using Maas.Core.Security;
using Maas.Server.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Maas.Server.Models;

/// <summary><c>/api/v1/admin</c>: operations on the server itself rather than on models.</summary>
internal static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdminEndpoints(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").WithTags("Admin").RequireMaasRole(Role.Admin);
        admin.MapPost("/rotate-master-key", RotateMasterKeyAsync)
            .WithSummary("Rotate the master key: rewrap every blob's data key under a new key, then retire the old one. Blobs are not re-encrypted.")
            .Audited(AuditActions.MasterKeyRotate);
        return admin;
    }

    // The body is optional: with a key file the server generates the new key; with MAAS_MASTER_KEY the caller sends it.
    private static Task<MasterKeyRotationResult> RotateMasterKeyAsync(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] RotateMasterKeyRequest? request, ModelRegistry registry) =>
        registry.RotateMasterKeyAsync(request?.NewMasterKey);
}
