using System.Collections.Concurrent;

namespace Maas.Cli.Tests;

/// <summary>
/// What the clients of the crash loop were told, across all kills: acknowledged uploads, deletions, alias moves, key
/// creations and revocations, and which of those were still in flight when the server died (either outcome is then
/// correct). The verifier holds the restarted server to it.
/// </summary>
internal sealed class CrashLoopState
{
    public ConcurrentDictionary<(string Model, int Version), string> Acknowledged { get; } = new();

    /// <summary>Every (model, version) ever listed with its digest: a number must never come back with other content.</summary>
    public ConcurrentDictionary<(string Model, int Version), string> EverSeen { get; } = new();

    public ConcurrentDictionary<(string Model, int Version), byte> Deleted { get; } = new();

    public ConcurrentDictionary<(string Model, int Version), byte> Deleting { get; } = new();

    /// <summary>The version each model's <c>production</c> alias was last acknowledged to point at.</summary>
    public ConcurrentDictionary<string, int> AliasAcknowledged { get; } = new();

    /// <summary>The version a move of <c>production</c> was heading for when the server died.</summary>
    public ConcurrentDictionary<string, int> AliasInFlight { get; } = new();

    /// <summary>Acknowledged key creations: id → the whole key.</summary>
    public ConcurrentDictionary<string, string> KeysCreated { get; } = new();

    /// <summary>Keys known to be revoked: acknowledged, or found revoked after a revocation that was in flight.</summary>
    public ConcurrentDictionary<string, byte> KeysRevoked { get; } = new();

    /// <summary>Revocations the server acknowledged: each must have its audit entry.</summary>
    public ConcurrentDictionary<string, byte> KeysRevokeAcknowledged { get; } = new();

    public ConcurrentDictionary<string, byte> KeysRevoking { get; } = new();

    /// <summary>How many audit entries the previous restart found; the log only grows.</summary>
    public long AuditEntries { get; set; }

    /// <summary>Forgets what was in flight once a restart has settled it.</summary>
    public void Settle()
    {
        Deleting.Clear();
        AliasInFlight.Clear();
        KeysRevoking.Clear();
    }
}
