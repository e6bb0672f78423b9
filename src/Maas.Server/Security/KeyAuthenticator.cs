using Maas.Core.Security;

namespace Maas.Server.Security;

/// <summary>
/// Reads the API key from <c>Authorization: Bearer &lt;key&gt;</c> or <c>x-api-key: &lt;key&gt;</c> (HTTP headers and gRPC
/// metadata alike) and checks it: well-formed, known, right secret, not revoked, not expired.
/// </summary>
/// <remarks>
/// The failure messages for an unknown id and a wrong secret are the same, so the answer never tells a guesser which
/// part was wrong; "expired" and "revoked" are said only after the secret checked out, to the key's holder.
/// </remarks>
internal sealed class KeyAuthenticator(KeyService keys, TimeProvider clock)
{
    public const string ApiKeyHeader = "x-api-key";

    private const string BearerPrefix = "Bearer ";

    private static readonly string[] KeyParameterNames = ["api_key", "apikey", "api-key", "x-api-key", "key", "token", "access_token"];

    /// <param name="headers">The request's headers (or gRPC metadata as headers).</param>
    /// <param name="memo">
    /// The connection's last verified key, when the caller keeps one: the same key string presented again on the same
    /// connection, while the stored key is unchanged, skips hashing the secret. Everything else is checked each time.
    /// </param>
    /// <param name="cancellationToken">Stops a key lookup in the store.</param>
    public async Task<AuthenticationResult> AuthenticateAsync(IHeaderDictionary headers, VerifiedKeyMemo? memo, CancellationToken cancellationToken)
    {
        var (presented, failure) = ReadCredential(headers);
        if (failure is not null)
        {
            return failure;
        }

        if (presented is null)
        {
            return AuthenticationResult.Failure(
                "An API key is required: send it as 'Authorization: Bearer <key>' or in the 'x-api-key' header.", "missing key");
        }

        if (!ApiKeyToken.TryParse(presented, out var token))
        {
            return AuthenticationResult.Failure(
                "The API key is malformed: a key looks like maas_<id>_<secret>.", "malformed key", ApiKeyToken.TryReadId(presented));
        }

        var stored = await keys.FindAsync(token.Id, cancellationToken);
        if (stored is null)
        {
            return AuthenticationResult.Failure("The API key is not valid.", "unknown key", token.Id);
        }

        if (memo is null || !memo.Remembers(presented, stored))
        {
            if (!token.Matches(stored.SecretSha256.Span))
            {
                return AuthenticationResult.Failure("The API key is not valid.", "wrong secret", token.Id);
            }

            memo?.Remember(presented, stored);
        }

        var key = stored.Info;
        if (key.Revoked is not null)
        {
            return AuthenticationResult.Failure("The API key was revoked.", "revoked key", token.Id);
        }

        if (!key.IsActiveAt(clock.GetUtcNow()))
        {
            return AuthenticationResult.Failure($"The API key expired at {key.Expires:O}.", "expired key", token.Id);
        }

        return AuthenticationResult.Success(new MaasCaller(key));
    }

    /// <summary>
    /// A key in the URL is refused even when the headers carry one: URLs end up in proxy and access logs, so the key
    /// must be treated as leaked, and the client fixed. Parameters that only look like key parameters are ignored.
    /// </summary>
    public static AuthenticationResult? CheckQuery(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            foreach (var value in values)
            {
                if (ApiKeyToken.TryParse(value, out var token) || (KeyParameterNames.Contains(name, StringComparer.OrdinalIgnoreCase) && ApiKeyToken.TryReadId(value) is not null))
                {
                    return AuthenticationResult.Failure(
                        "API keys are not accepted in the query string, where proxies and logs keep them: send the key in the 'Authorization: Bearer' or 'x-api-key' header, and revoke this one.",
                        "key in query string",
                        token?.Id ?? ApiKeyToken.TryReadId(value));
                }
            }
        }

        return null;
    }

    private static (string? Presented, AuthenticationResult? Failure) ReadCredential(IHeaderDictionary headers)
    {
        var authorization = headers.Authorization;
        var apiKey = headers[ApiKeyHeader];
        if (authorization.Count > 1 || apiKey.Count > 1)
        {
            return (null, Conflicting());
        }

        string? bearer = null;
        if (authorization.Count == 1)
        {
            var value = authorization[0] ?? string.Empty;
            if (!value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || value.Length == BearerPrefix.Length)
            {
                return (null, AuthenticationResult.Failure(
                    "The Authorization header must be 'Bearer <key>'.", "malformed authorization", ApiKeyToken.TryReadId(LastWord(value))));
            }

            bearer = value[BearerPrefix.Length..].Trim();
        }

        var header = apiKey.Count == 1 ? apiKey[0]?.Trim() : null;
        if (bearer is not null && header is not null && !string.Equals(bearer, header, StringComparison.Ordinal))
        {
            return (null, Conflicting());
        }

        return (bearer ?? (string.IsNullOrEmpty(header) ? null : header), null);
    }

    private static AuthenticationResult Conflicting() =>
        AuthenticationResult.Failure("Send one API key, in either the Authorization or the x-api-key header.", "conflicting keys");

    private static string LastWord(string value)
    {
        var space = value.LastIndexOf(' ');
        return space < 0 ? value : value[(space + 1)..];
    }
}
