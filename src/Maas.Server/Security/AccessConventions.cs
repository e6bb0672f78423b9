using Maas.Core.Security;

namespace Maas.Server.Security;

/// <summary>Declares an endpoint's access rules as metadata, where the middleware and the access-matrix test read them.</summary>
internal static class AccessConventions
{
    /// <summary>Requires a key of at least <paramref name="role"/>.</summary>
    public static TBuilder RequireMaasRole<TBuilder>(this TBuilder builder, Role role)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new RequireRoleAttribute(role));

    /// <summary>Lets requests without a key through.</summary>
    public static TBuilder AllowAnonymousAccess<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AnonymousAccessAttribute());

    /// <summary>Checks the model named by route value <paramref name="routeValue"/> against the key's scopes.</summary>
    public static TBuilder ScopedToModel<TBuilder>(this TBuilder builder, string routeValue = "name")
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ModelScopeAttribute(routeValue));

    /// <summary>Marks an endpoint whose handler checks the model name in the request body against the key's scopes.</summary>
    public static TBuilder ScopedToModelInBody<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ModelScopeAttribute());

    /// <summary>Marks a list whose handler leaves out models outside the key's scopes.</summary>
    public static TBuilder FilteredByScope<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ListFilteredAttribute());

    /// <summary>Requires a key whose scopes cover every model.</summary>
    public static TBuilder RequireAllModels<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AllModelsAttribute());

    /// <summary>Writes every call to the audit log as <paramref name="action"/>.</summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AuditedAttribute(action));
}
