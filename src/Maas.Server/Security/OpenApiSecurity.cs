using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Maas.Server.Security;

/// <summary>
/// Tells readers of <c>/openapi/v1.json</c> (and the client generators they feed) how to authenticate: a bearer token
/// or an <c>x-api-key</c> header, on every operation but the health probes.
/// </summary>
internal static class OpenApiSecurity
{
    private const string Bearer = "bearer", ApiKey = "apiKey";

    public static void Describe(OpenApiOptions options) => options.AddDocumentTransformer((document, _, _) =>
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key, maas_<id>_<secret>, as 'Authorization: Bearer <key>'.",
        };
        document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = KeyAuthenticator.ApiKeyHeader,
            Description = "The same API key in the x-api-key header.",
        };
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, document)] = [] },
        ];
        foreach (var (_, item) in document.Paths.Where(p => p.Key.StartsWith("/v2/health/", StringComparison.Ordinal)))
        {
            foreach (var operation in item.Operations?.Values.AsEnumerable() ?? [])
            {
                // An empty requirement list overrides the document's: the probes answer without a key.
                operation.Security = [];
            }
        }

        return Task.CompletedTask;
    });
}
