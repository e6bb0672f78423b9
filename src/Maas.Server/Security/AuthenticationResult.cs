namespace Maas.Server.Security;

/// <summary>What checking a request's credential found: the caller, or why there is none.</summary>
/// <param name="Caller">The authenticated caller; <c>null</c> on failure.</param>
/// <param name="Message">On failure, the sentence for the client (never echoing the secret).</param>
/// <param name="Reason">On failure, the short reason the audit log records, such as <c>expired key</c>.</param>
/// <param name="KeyId">The key id the request named, when one could be read, so the audit log can say whose key failed.</param>
internal sealed record AuthenticationResult(MaasCaller? Caller, string? Message, string? Reason, string? KeyId)
{
    public static AuthenticationResult Success(MaasCaller caller) => new(caller, null, null, caller.KeyId);

    public static AuthenticationResult Failure(string message, string reason, string? keyId = null) => new(null, message, reason, keyId);
}
