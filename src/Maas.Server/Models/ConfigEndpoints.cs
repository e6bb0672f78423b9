using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Security;
using Maas.Core.Storage;
using Maas.Server.Security;

namespace Maas.Server.Models;

/// <summary><c>/api/v1/models/{name}/config</c>: how a model's versions are served (batching, instances, threads).</summary>
internal static class ConfigEndpoints
{
    public static RouteGroupBuilder MapConfigEndpoints(this RouteGroupBuilder api)
    {
        var config = api.MapGroup("/models/{name}/config").WithTags("Serving config").RequireMaasRole(Role.Consumer).ScopedToModel();
        config.MapGet("/", GetAsync).WithSummary("Show the model's serving settings.");
        config.MapPut("/", SetAsync).WithSummary("Replace the model's serving settings; versions loaded later use them.")
            .RequireMaasRole(Role.Publisher).Audited(AuditActions.ConfigSet);
        return config;
    }

    private static async Task<ModelServingConfig> GetAsync(string name, IRegistryStore store, CancellationToken cancellationToken)
    {
        ResourceName.Validate(name, "model name");
        return await store.GetServingConfigAsync(name, cancellationToken);
    }

    private static async Task<ModelServingConfig> SetAsync(string name, ModelServingConfig config, IRegistryStore store, CancellationToken cancellationToken)
    {
        ResourceName.Validate(name, "model name");
        config.Validate();
        return await store.SetServingConfigAsync(name, config, cancellationToken);
    }
}
