using Maas.Core.Security;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Maas.Server.Security;

/// <summary>
/// The last key whose secret checked out on one connection. A client sends the same key with every request on its
/// connection, so remembering which string matched which stored key spares a SHA-256 of the secret per request. The
/// memo holds the exact string the client itself sent on this connection, and matches only while the key service
/// returns the same stored key: a revoked, changed or re-read key is hashed and checked again. Requests of one HTTP/2
/// connection may use it at once; the worst a race does is one more hash.
/// </summary>
internal sealed class VerifiedKeyMemo
{
    private Verified? _last;

    /// <summary>Gives every connection accepted on <paramref name="listen"/> its memo, before any request runs.</summary>
    /// <remarks>
    /// Created with the connection rather than by its first request: HTTP/2 runs a connection's requests at once, and
    /// the connection's item bag is safe to read concurrently only while nobody writes to it.
    /// </remarks>
    public static void Attach(ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Use(next => connection =>
        {
            connection.Items[typeof(VerifiedKeyMemo)] = new VerifiedKeyMemo();
            return next(connection);
        });
    }

    /// <summary>The memo of the request's connection, or <c>null</c> when it has none (a test host, say).</summary>
    public static VerifiedKeyMemo? For(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(typeof(VerifiedKeyMemo), out var memo) == true
            ? memo as VerifiedKeyMemo
            : null;

    /// <summary>Whether <paramref name="presented"/> is the string last verified against this very <paramref name="stored"/> key.</summary>
    public bool Remembers(string presented, StoredApiKey stored) =>
        Volatile.Read(ref _last) is { } last && ReferenceEquals(last.Key, stored) && string.Equals(last.Presented, presented, StringComparison.Ordinal);

    public void Remember(string presented, StoredApiKey stored) => Volatile.Write(ref _last, new Verified(presented, stored));

    private sealed record Verified(string Presented, StoredApiKey Key);
}
