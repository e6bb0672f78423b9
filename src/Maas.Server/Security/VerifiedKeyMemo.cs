using Maas.Core.Security;
using Microsoft.AspNetCore.Connections.Features;

namespace Maas.Server.Security;

/// <summary>
/// The last key whose secret checked out on one connection. A client sends the same key with every request on its
/// connection, so remembering which string matched which stored key spares a SHA-256 of the secret per request. The
/// memo holds the exact string the client itself sent on this connection, and matches only while the key service
/// returns the same stored key: a revoked, changed or re-read key is hashed and checked again.
/// </summary>
internal sealed class VerifiedKeyMemo
{
    private Verified? _last;

    /// <summary>The memo of the request's connection, created on first use; <c>null</c> when the connection has none to give.</summary>
    /// <remarks>HTTP/1.x only: its requests on one connection run one at a time, so the connection's item bag is safe to use.</remarks>
    public static VerifiedKeyMemo? For(HttpContext context)
    {
        if (!HttpProtocol.IsHttp11(context.Request.Protocol) || context.Features.Get<IConnectionItemsFeature>() is not { } connection)
        {
            return null;
        }

        var items = connection.Items;
        if (items.TryGetValue(typeof(VerifiedKeyMemo), out var existing) && existing is VerifiedKeyMemo memo)
        {
            return memo;
        }

        memo = new VerifiedKeyMemo();
        items[typeof(VerifiedKeyMemo)] = memo;
        return memo;
    }

    /// <summary>Whether <paramref name="presented"/> is the string last verified against this very <paramref name="stored"/> key.</summary>
    public bool Remembers(string presented, StoredApiKey stored) =>
        Volatile.Read(ref _last) is { } last && ReferenceEquals(last.Key, stored) && string.Equals(last.Presented, presented, StringComparison.Ordinal);

    public void Remember(string presented, StoredApiKey stored) => Volatile.Write(ref _last, new Verified(presented, stored));

    private sealed record Verified(string Presented, StoredApiKey Key);
}
