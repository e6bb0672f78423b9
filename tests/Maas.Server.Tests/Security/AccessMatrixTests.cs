using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Grpc.AspNetCore.Server;
using Maas.Core.Security;
using Maas.Server.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Maas.Server.Tests.Security;

/// <summary>
/// Every REST endpoint in the server's endpoint table × every kind of credential, each answer checked against the
/// access rules the endpoint declares. A new endpoint joins the matrix by existing; one that declares nothing fails
/// <see cref="EveryEndpoint_DeclaresWhoMayCallIt"/>.
/// </summary>
public sealed partial class AccessMatrixTests(SecurityFixture server) : IClassFixture<SecurityFixture>
{
    private const string GhostModel = "fraud-ghost";
    private static readonly string[] HealthPaths = ["/v2/health/live", "/v2/health/ready"];
    private int _created;

    [Fact]
    public void EveryEndpoint_DeclaresWhoMayCallIt()
    {
        var undeclared = Endpoints().Where(e => e.Requirement is null && !e.Anonymous).Select(e => e.ToString()).ToList();

        Assert.True(undeclared.Count == 0, "Endpoints without an access declaration: " + string.Join(", ", undeclared));
    }

    [Fact]
    public void OnlyHealthEndpoints_AreAnonymous()
    {
        var anonymous = Endpoints().Where(e => e.Anonymous).Select(e => e.Path).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(HealthPaths, anonymous);
    }

    [Fact]
    public async Task EveryEndpoint_EveryCredential_AnswersAsDeclared()
    {
        var credentials = await CredentialsAsync();
        var failures = new List<string>();
        var cells = 0;
        foreach (var endpoint in Endpoints())
        {
            foreach (var credential in credentials)
            {
                cells++;
                var failure = await CheckAsync(endpoint, credential);
                if (failure is not null)
                {
                    failures.Add($"{endpoint} as {credential.Name}: {failure}");
                }
            }
        }

        Assert.True(cells > 400, $"The matrix had only {cells} cells; did the endpoint table come back empty?");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cells} cells failed:\n" + string.Join("\n", failures));
    }

    private async Task<string?> CheckAsync(RestEndpoint endpoint, Credential credential)
    {
        var expected = Expect(endpoint, credential);
        using var response = await SendAsync(endpoint, credential, endpoint.HasModel ? SecurityFixture.InScopeModel : null);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        switch (expected)
        {
            case Outcome.Unauthenticated:
                if (status != 401 || !response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"))
                {
                    return $"expected 401 with WWW-Authenticate: Bearer, got {status} {Clip(body)}";
                }

                return CheckErrorShape(endpoint, response, body);
            case Outcome.Forbidden:
                return status == 403 ? CheckErrorShape(endpoint, response, body) : $"expected 403, got {status} {Clip(body)}";
            case Outcome.Hidden:
                using (var ghost = await SendAsync(endpoint, Credential.Admin(server.AdminKey), GhostModel))
                {
                    var ghostBody = (await ghost.Content.ReadAsStringAsync()).Replace(GhostModel, SecurityFixture.InScopeModel, StringComparison.Ordinal);
                    return status == (int)ghost.StatusCode && status == 404 && WithoutTraceId(body) == WithoutTraceId(ghostBody)
                        && response.Content.Headers.ContentType?.MediaType == ghost.Content.Headers.ContentType?.MediaType
                        ? null
                        : $"expected the answer for a model that does not exist ({(int)ghost.StatusCode} {Clip(ghostBody)}), got {status} {Clip(body)}";
                }

            default:
                if (status is 401 or 403 or 429 || status >= 500)
                {
                    return $"expected to be let through, got {status} {Clip(body)}";
                }

                var model = SecurityFixture.InScopeModel;
                return status == 404 && endpoint.HasModel && (body.Contains($"Model '{model}' does not exist", StringComparison.Ordinal) || body.Contains($"Model '{model}' is not found", StringComparison.Ordinal))
                    ? $"an in-scope model was hidden: {Clip(body)}"
                    : null;
        }
    }

    private static Outcome Expect(RestEndpoint endpoint, Credential credential)
    {
        if (endpoint.Anonymous)
        {
            return Outcome.Allowed;
        }

        if (credential.Role is not { } role)
        {
            return Outcome.Unauthenticated;
        }

        var required = endpoint.Requirement ?? Role.Admin;
        if (role < required || (endpoint.AllModels && !credential.Unscoped))
        {
            return Outcome.Forbidden;
        }

        if (!credential.InScope && role != Role.Admin)
        {
            if (endpoint.HasModel)
            {
                return Outcome.Hidden;
            }

            if (endpoint.ScopedInBody)
            {
                return Outcome.Forbidden;
            }
        }

        return Outcome.Allowed;
    }

    // The error body has the shape of its API: problem details for the management API, {"error"} for /v2.
    private static string? CheckErrorShape(RestEndpoint endpoint, HttpResponseMessage response, string body)
    {
        var expected = endpoint.Path.StartsWith("/v2", StringComparison.Ordinal) ? "application/json" : "application/problem+json";
        var actual = response.Content.Headers.ContentType?.MediaType;
        return actual == expected && (expected == "application/json" ? body.Contains("\"error\"", StringComparison.Ordinal) : body.Contains("\"detail\"", StringComparison.Ordinal))
            ? null
            : $"expected a {expected} error body, got {actual}: {Clip(body)}";
    }

    private async Task<HttpResponseMessage> SendAsync(RestEndpoint endpoint, Credential credential, string? model)
    {
        using var http = server.CreateClient(null);
        var path = endpoint.UrlFor(model ?? SecurityFixture.InScopeModel, await VictimKeyIdAsync());
        if (credential.QueryKey is { } queryKey)
        {
            path += "?api_key=" + Uri.EscapeDataString(queryKey);
        }

        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path) { Content = Body(endpoint) };
        credential.Apply(request);
        return await http.SendAsync(request);
    }

    private HttpContent? Body(RestEndpoint endpoint)
    {
        var json = (endpoint.Method, endpoint.Path) switch
        {
            ("POST", "/api/v1/models") => $$"""{"name":"fraud-m{{Interlocked.Increment(ref _created)}}"}""",
            ("PATCH", _) => """{"description":"matrix"}""",
            ("PUT", "/api/v1/models/{name}/aliases/{alias}") => """{"version":1}""",
            ("PUT", "/api/v1/models/{name}/config") => """{"maxBatchSize":4,"maxQueueDelayMs":1,"instanceCount":1,"intraOpThreads":0,"maxQueueSize":16}""",
            ("POST", "/api/v1/keys") => """{"role":"consumer","scopes":["fraud-*"]}""",
            // A valid spec on a dataset that does not exist: let through, it is a 404; outside the scopes, a 403.
            ("POST", "/api/v1/jobs") => """{"dataset":"fraud-data","target":"y","model":{"kind":"logistic"},"register":"fraud-trained"}""",
            ("POST", _) when endpoint.Path.EndsWith("/infer", StringComparison.Ordinal) =>
                """{"inputs":[{"name":"a","shape":[1,3],"datatype":"FP32","data":[1,2,3]},{"name":"b","shape":[1,3],"datatype":"FP32","data":[4,5,6]}]}""",
            _ => null,
        };
        if (endpoint.Path == "/api/v1/models/{name}/versions" && endpoint.Method == "POST")
        {
            // Not a model: the upload is refused after the checks under test, and no version appears.
            var bytes = new ByteArrayContent([1, 2, 3, 4]);
            bytes.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return bytes;
        }

        return json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
    }

    private string? _victimKeyId;

    // GET and DELETE /api/v1/keys/{id} act on this key; revoking it twice changes nothing.
    private async Task<string> VictimKeyIdAsync() =>
        _victimKeyId ??= SecurityFixture.IdOf(await server.CreateKeyAsync(Role.Consumer, ["victim-*"], description: "revoked by the matrix"));

    private async Task<List<Credential>> CredentialsAsync()
    {
        var admin = server.AdminKey;
        var wrongSecret = admin[..^4] + (admin.EndsWith("aaaa", StringComparison.Ordinal) ? "bbbb" : "aaaa");
        return
        [
            Credential.None("anonymous"),
            Credential.Admin(admin),
            Credential.Bearer("publisher in scope", await server.CreatePublisherKeyAsync("fraud-*"), Role.Publisher, inScope: true),
            Credential.Bearer("consumer in scope (x-api-key)", await server.CreateConsumerKeyAsync("fraud-*"), Role.Consumer, inScope: true, header: "x-api-key"),
            Credential.Bearer("consumer for every model", await server.CreateConsumerKeyAsync("*"), Role.Consumer, inScope: true, unscoped: true),
            Credential.Bearer("publisher out of scope", await server.CreatePublisherKeyAsync("other-*"), Role.Publisher, inScope: false),
            Credential.Bearer("consumer out of scope", await server.CreateConsumerKeyAsync("other-*", "fraud-b?"), Role.Consumer, inScope: false),
            Credential.Invalid("expired", await server.CreateExpiredKeyAsync(Role.Admin)),
            Credential.Invalid("revoked", await server.CreateRevokedKeyAsync(Role.Publisher)),
            Credential.Invalid("wrong secret", wrongSecret),
            Credential.Invalid("malformed maas_x", "maas_x"),
            Credential.Raw("bare Bearer", "Bearer"),
            Credential.Raw("Basic credentials", "Basic dXNlcjpwYXNzd29yZA=="),
            Credential.Invalid("garbage in x-api-key", "not-a-key-at-all", header: "x-api-key"),
            Credential.Conflicting("two different keys", admin, wrongSecret),
            Credential.InQuery("admin key in the query string", admin, alsoInHeader: false),
            Credential.InQuery("admin key in the query string and the header", admin, alsoInHeader: true),
        ];
    }

    private List<RestEndpoint> Endpoints() => server.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<GrpcMethodMetadata>() is null && !GrpcRequests.IsUnimplementedCatchAll(e))
        .SelectMany(RestEndpoint.From)
        .ToList();

    // Problem details carry the request's trace id, which differs between any two requests.
    private static string WithoutTraceId(string body) => TraceId().Replace(body, string.Empty);

    [System.Text.RegularExpressions.GeneratedRegex(",\"traceId\":\"[^\"]*\"")]
    private static partial System.Text.RegularExpressions.Regex TraceId();

    private static string Clip(string text) => text.Length > 200 ? text[..200] + "…" : text;

    private enum Outcome
    {
        Allowed,
        Unauthenticated,
        Forbidden,
        Hidden,
    }

    /// <summary>One method and path of the endpoint table, with the access rules it declares.</summary>
    private sealed record RestEndpoint(string Method, string Path, RoutePattern Pattern, Role? Requirement, bool Anonymous, bool HasModel, bool ScopedInBody, bool AllModels)
    {
        public static IEnumerable<RestEndpoint> From(RouteEndpoint endpoint)
        {
            var access = endpoint.Metadata.GetMetadata<IAccessRequirement>();
            var scope = endpoint.Metadata.GetMetadata<ModelScopeAttribute>();
            var path = endpoint.RoutePattern.RawText!.TrimEnd('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            return methods.Select(method => new RestEndpoint(
                method,
                path.Length == 0 ? "/" : path,
                endpoint.RoutePattern,
                access?.MinimumRole,
                access is not null && access.MinimumRole is null,
                scope?.RouteValue is not null,
                scope is { RouteValue: null },
                endpoint.Metadata.GetMetadata<AllModelsAttribute>() is not null));
        }

        public string UrlFor(string model, string keyId)
        {
            var url = Path;
            foreach (var parameter in Pattern.Parameters)
            {
                var value = parameter.Name switch
                {
                    "name" => model,
                    "version" => "1",
                    "alias" => Method == "DELETE" ? "staging" : "production",
                    "id" => keyId,
                    "documentName" => "v1",
                    _ => throw new InvalidOperationException($"The matrix does not know route parameter {{{parameter.Name}}} of {Path}; teach it a value."),
                };
                url = url.Replace("{" + parameter.Name + "}", value, StringComparison.Ordinal);
            }

            return url;
        }

        public override string ToString() => $"{Method} {Path}";
    }

    /// <summary>A way of presenting (or not) a key, and what it should be allowed to do.</summary>
    private sealed record Credential(string Name, Action<HttpRequestMessage> Apply, Role? Role, bool InScope, bool Unscoped, string? QueryKey = null)
    {
        public static Credential None(string name) => new(name, _ => { }, null, false, false);

        public static Credential Admin(string key) => Bearer("admin", key, Core.Security.Role.Admin, inScope: true, unscoped: true);

        public static Credential Bearer(string name, string key, Role role, bool inScope, bool unscoped = false, string header = "Authorization") =>
            new(name, r => r.Headers.TryAddWithoutValidation(header, header == "Authorization" ? "Bearer " + key : key), role, inScope, unscoped);

        public static Credential Invalid(string name, string key, string header = "Authorization") =>
            new(name, r => r.Headers.TryAddWithoutValidation(header, header == "Authorization" ? "Bearer " + key : key), null, false, false);

        public static Credential Raw(string name, string authorization) =>
            new(name, r => r.Headers.TryAddWithoutValidation("Authorization", authorization), null, false, false);

        public static Credential Conflicting(string name, string first, string second) =>
            new(name, r => { r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + first); r.Headers.TryAddWithoutValidation("x-api-key", second); }, null, false, false);

        public static Credential InQuery(string name, string key, bool alsoInHeader) =>
            new(name, r => { if (alsoInHeader) { r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key); } }, null, false, false, key);
    }
}
