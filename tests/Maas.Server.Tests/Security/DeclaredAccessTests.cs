using Grpc.AspNetCore.Server;
using Maas.Server.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Maas.Server.Tests.Security;

/// <summary>
/// The access rules as declared, pinned: changing who may call an endpoint, or adding one, must change this table (and
/// docs/security.md) on purpose. The matrix tests prove the server enforces whatever is declared.
/// </summary>
public sealed class DeclaredAccessTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly string[] Expected =
    [
        "ANY /metrics consumer all-models",
        "DELETE /api/v1/datasets/{name} publisher audited:dataset.delete",
        "DELETE /api/v1/datasets/{name}/versions/{version} publisher audited:dataset.delete",
        "DELETE /api/v1/keys/{id} admin audited:key.revoke",
        "DELETE /api/v1/models/{name} publisher scoped audited:model.delete",
        "DELETE /api/v1/models/{name}/aliases/{alias} publisher scoped audited:alias.delete",
        "DELETE /api/v1/models/{name}/versions/{version} publisher scoped audited:version.delete",
        "GET /api/v1/audit admin",
        "GET /api/v1/datasets publisher filtered",
        "GET /api/v1/datasets/{name} publisher",
        "GET /api/v1/datasets/{name}/versions/{version} publisher",
        "GET /api/v1/jobs publisher filtered",
        "GET /api/v1/jobs/{id} publisher",
        "GET /api/v1/jobs/{id}/events publisher",
        "GET /api/v1/jobs/{id}/logs publisher",
        "GET /api/v1/keys admin",
        "GET /api/v1/keys/{id} admin",
        "GET /api/v1/models consumer filtered",
        "GET /api/v1/models/{name} consumer scoped",
        "GET /api/v1/models/{name}/config consumer scoped",
        "GET /api/v1/models/{name}/versions consumer scoped",
        "GET /api/v1/models/{name}/versions/{version} consumer scoped",
        "GET /api/v1/models/{name}/versions/{version}/artifact publisher scoped",
        "GET /openapi/{documentName}.json consumer",
        "GET /v2 consumer",
        "GET /v2/health/live anonymous",
        "GET /v2/health/ready anonymous",
        "GET /v2/models/stats consumer filtered",
        "GET /v2/models/{name} consumer scoped",
        "GET /v2/models/{name}/ready consumer scoped",
        "GET /v2/models/{name}/stats consumer scoped",
        "GET /v2/models/{name}/versions/{version} consumer scoped",
        "GET /v2/models/{name}/versions/{version}/ready consumer scoped",
        "GET /v2/models/{name}/versions/{version}/stats consumer scoped",
        "PATCH /api/v1/models/{name} publisher scoped audited:model.update",
        "POST /api/v1/admin/audit/prune admin audited:audit.prune",
        "POST /api/v1/admin/rotate-master-key admin audited:master-key.rotate",
        "POST /api/v1/datasets/{name}/versions publisher scoped-in-body audited:dataset.push",
        "POST /api/v1/jobs publisher scoped-in-body audited:job.create",
        "POST /api/v1/jobs/{id}/cancel publisher audited:job.cancel",
        "POST /api/v1/keys admin audited:key.create",
        "POST /api/v1/models publisher scoped-in-body audited:model.create",
        "POST /api/v1/models/{name}/versions publisher scoped audited:version.upload",
        "POST /v2/models/{name}/infer consumer scoped",
        "POST /v2/models/{name}/versions/{version}/infer consumer scoped",
        "POST /v2/repository/index consumer filtered",
        "POST /v2/repository/models/{name}/load publisher scoped audited:repository.load",
        "POST /v2/repository/models/{name}/unload publisher scoped audited:repository.unload",
        "PUT /api/v1/models/{name}/aliases/{alias} publisher scoped audited:alias.set",
        "PUT /api/v1/models/{name}/config publisher scoped audited:config.set",
        "gRPC /grpc.health.v1.Health/Check anonymous",
        "gRPC /grpc.health.v1.Health/Watch anonymous",
        "gRPC /inference.GRPCInferenceService/ModelInfer consumer scoped",
        "gRPC /inference.GRPCInferenceService/ModelMetadata consumer scoped",
        "gRPC /inference.GRPCInferenceService/ModelReady consumer scoped",
        "gRPC /inference.GRPCInferenceService/ModelStatistics consumer scoped filtered",
        "gRPC /inference.GRPCInferenceService/RepositoryIndex consumer filtered",
        "gRPC /inference.GRPCInferenceService/RepositoryModelLoad publisher scoped audited:repository.load",
        "gRPC /inference.GRPCInferenceService/RepositoryModelUnload publisher scoped audited:repository.unload",
        "gRPC /inference.GRPCInferenceService/ServerLive anonymous",
        "gRPC /inference.GRPCInferenceService/ServerMetadata consumer",
        "gRPC /inference.GRPCInferenceService/ServerReady anonymous",
    ];

    [Fact]
    public void EndpointTable_DeclaresTheDocumentedAccess()
    {
        var actual = server.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !GrpcRequests.IsUnimplementedCatchAll(e))
            .SelectMany(Describe)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(Expected.Order(StringComparer.Ordinal), actual);
    }

    private static IEnumerable<string> Describe(RouteEndpoint endpoint)
    {
        var metadata = endpoint.Metadata;
        var access = metadata.GetMetadata<IAccessRequirement>();
        var role = access is null ? "UNDECLARED" : access.MinimumRole?.ToString().ToLowerInvariant() ?? "anonymous";
        var scope = metadata.GetMetadata<ModelScopeAttribute>() switch
        {
            null => null,
            { RouteValue: null } when metadata.GetMetadata<GrpcMethodMetadata>() is null => "scoped-in-body",
            _ => "scoped",
        };
        var flags = new[]
        {
            role,
            scope,
            metadata.GetMetadata<ListFilteredAttribute>() is null ? null : "filtered",
            metadata.GetMetadata<AllModelsAttribute>() is null ? null : "all-models",
            metadata.GetMetadata<AuditedAttribute>() is { } audited ? "audited:" + audited.Action : null,
        }.Where(f => f is not null);
        var path = "/" + endpoint.RoutePattern.RawText!.Trim('/');
        var methods = metadata.GetMetadata<GrpcMethodMetadata>() is not null ? ["gRPC"] : metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"];
        return methods.Select(method => $"{method} {path} {string.Join(' ', flags)}");
    }
}
