namespace Maas.Core.Admin;

/// <summary>What a master key rotation did.</summary>
/// <param name="MasterKeyId">
/// The identifier of the master key now in use: 16 hex digits derived from the key by a one-way hash, safe to show and
/// log, never the key itself.
/// </param>
/// <param name="Rewrapped">Blobs whose data key was wrapped again under the new master key.</param>
/// <param name="AlreadyCurrent">Blobs whose data key was already wrapped under it (uploaded during the rotation, or
/// rewrapped before an interrupted rotation stopped).</param>
/// <param name="Unreadable">
/// Blobs whose data key no held master key can unwrap (damaged, or written under another key); they were left as they
/// were and stay unreadable. Zero on a healthy store.
/// </param>
/// <param name="EnvironmentUpdateRequired">
/// <c>true</c> when the server takes its key from <c>MAAS_MASTER_KEY</c>: set the variable to the new key before the
/// next restart. Until then the new key is kept in <c>master.key.next</c> in the data folder, sealed under the old key.
/// </param>
public sealed record MasterKeyRotationResult(string MasterKeyId, int Rewrapped, int AlreadyCurrent, int Unreadable, bool EnvironmentUpdateRequired);
