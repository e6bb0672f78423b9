namespace Maas.Core.Admin;

/// <summary>The body of <c>POST /api/v1/admin/rotate-master-key</c>; the whole body may be left out.</summary>
/// <param name="NewMasterKey">
/// The new master key, base64 of 32 random bytes. Required when the server takes its key from <c>MAAS_MASTER_KEY</c>
/// (the server cannot change its own environment); otherwise left out, and the server generates one.
/// </param>
public sealed record RotateMasterKeyRequest(string? NewMasterKey = null)
{
    /// <summary>Says whether a key is present, never the key: a request logged by mistake must not leak it.</summary>
    public override string ToString() => $"RotateMasterKeyRequest {{ NewMasterKey = {(NewMasterKey is null ? "null" : "(redacted)")} }}";
}
