using Maas.Core;
using Maas.Core.Security;

namespace Maas.Server.Security;

/// <summary>
/// The authenticated key behind a request: its id, role and scopes. The security middleware (REST) or interceptor
/// (gRPC) puts it in the request's features; a handler asks for it as a parameter.
/// </summary>
internal sealed class MaasCaller(ApiKeyInfo key)
{
    /// <summary>The key's id, for the audit log and the rate limiter.</summary>
    public string KeyId { get; } = key.Id;

    public Role Role { get; } = key.Role;

    public IReadOnlyList<string> Scopes { get; } = key.Scopes;

    /// <summary>Whether the key sees every model: an admin key, or one scoped to <c>*</c>.</summary>
    public bool IsUnscoped => Role == Role.Admin || Scopes.Contains(ScopePattern.All);

    /// <summary>
    /// What an audited request acted on, when the route does not say (a model created from a body, a key just made);
    /// set by the handler.
    /// </summary>
    public string? AuditTarget { get; set; }

    /// <summary>Whether the key's role is <paramref name="role"/> or above.</summary>
    public bool HasRole(Role role) => Role >= role;

    /// <summary>Whether the key's scopes cover the model <paramref name="name"/>.</summary>
    public bool CanAccess(string name) => IsUnscoped || ScopePattern.MatchesAny(Scopes, name);

    /// <summary>
    /// Checks that a model about to be created falls inside the key's scopes, and names it as the audit target. A
    /// refusal is 403 rather than 404: nothing exists yet to hide, and the answer is the same whether or not a model of
    /// that name exists elsewhere, so it reveals nothing.
    /// </summary>
    public void AuthorizeNewModel(string name)
    {
        AuditTarget = name;
        if (!CanAccess(name))
        {
            throw new MaasException(
                ErrorCode.PermissionDenied,
                $"This key may only create models matching {string.Join(", ", Scopes.Select(s => $"'{s}'"))}; '{name}' is not one of them.");
        }
    }

    /// <summary>The caller of an authenticated request.</summary>
    public static MaasCaller Of(HttpContext context) =>
        context.Features.Get<MaasCaller>() ?? throw new InvalidOperationException("The request was not authenticated; is the endpoint declared anonymous?");

    /// <summary>Lets minimal-API handlers take the caller as a parameter.</summary>
    public static ValueTask<MaasCaller?> BindAsync(HttpContext context) => ValueTask.FromResult<MaasCaller?>(Of(context));
}
