using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Security;
using Maas.Core.Storage;
using Maas.Server.Security;

namespace Maas.Server.Models;

/// <summary><c>/api/v1/models</c>: create, list, show, update and delete models.</summary>
internal static class ModelEndpoints
{
    public static RouteGroupBuilder MapModelEndpoints(this RouteGroupBuilder api)
    {
        var models = api.MapGroup("/models").WithTags("Models").RequireMaasRole(Role.Consumer);
        models.MapPost("/", CreateAsync).WithSummary("Create a model.")
            .RequireMaasRole(Role.Publisher).ScopedToModelInBody().Audited(AuditActions.ModelCreate);
        models.MapGet("/", ListAsync).WithSummary("List models by name, a page at a time.").FilteredByScope();
        models.MapGet("/{name}", GetAsync).WithSummary("Show a model.").ScopedToModel();
        models.MapPatch("/{name}", UpdateAsync).WithSummary("Update a model's description, tags or class labels.")
            .RequireMaasRole(Role.Publisher).ScopedToModel().Audited(AuditActions.ModelUpdate);
        models.MapDelete("/{name}", DeleteAsync).WithSummary("Delete a model that has no versions.")
            .RequireMaasRole(Role.Publisher).ScopedToModel().Audited(AuditActions.ModelDelete);
        return models;
    }

    private static async Task<IResult> CreateAsync(CreateModelRequest request, MaasCaller caller, IRegistryStore store, CancellationToken cancellationToken)
    {
        ResourceName.Validate(request.Name, "model name");
        caller.AuthorizeNewModel(request.Name);
        RegistryLimits.ValidateMetadata(request.Description, request.Tags, request.Labels);
        var model = await store.CreateModelAsync(request, cancellationToken);
        return TypedResults.Created($"/api/v1/models/{model.Name}", model);
    }

    private static async Task<ModelPage> ListAsync(IRegistryStore store, MaasCaller caller, CancellationToken cancellationToken, int? pageSize = null, string? pageToken = null)
    {
        var size = pageSize ?? RegistryLimits.DefaultPageSize;
        if (size is < 1 or > RegistryLimits.MaxPageSize)
        {
            throw MaasException.Invalid($"pageSize must be between 1 and {RegistryLimits.MaxPageSize}; {size} was given.");
        }

        if (pageToken is not null && !ResourceName.IsValid(pageToken))
        {
            throw MaasException.Invalid("pageToken is not one this server issued; pass the nextPageToken of the previous page.");
        }

        return await ScopedModels.ListAsync(store, caller, size, pageToken, cancellationToken);
    }

    private static async Task<ModelInfo> GetAsync(string name, IRegistryStore store, CancellationToken cancellationToken)
    {
        ResourceName.Validate(name, "model name");
        return await store.GetModelAsync(name, cancellationToken) ?? throw MaasErrors.ModelNotFound(name);
    }

    private static async Task<ModelInfo> UpdateAsync(string name, UpdateModelRequest update, IRegistryStore store, CancellationToken cancellationToken)
    {
        ResourceName.Validate(name, "model name");
        RegistryLimits.ValidateMetadata(update.Description, update.Tags, update.Labels);
        return await store.UpdateModelAsync(name, update, cancellationToken);
    }

    private static async Task<NoContent> DeleteAsync(string name, IRegistryStore store, CancellationToken cancellationToken)
    {
        ResourceName.Validate(name, "model name");
        await store.DeleteModelAsync(name, cancellationToken);
        return TypedResults.NoContent();
    }
}
