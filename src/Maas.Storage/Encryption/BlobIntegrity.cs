using Maas.Core;

namespace Maas.Storage.Encryption;

/// <summary>
/// The one way the store reports stored data it will not hand out: a <see cref="MaasException"/> with
/// <see cref="ErrorCode.IntegrityFailure"/> whose sentence says "integrity check", the digest and what failed.
/// </summary>
internal static class BlobIntegrity
{
    public static MaasException Failure(string digest, string reason) =>
        new(ErrorCode.IntegrityFailure, $"The stored blob {digest} failed its integrity check: {reason}; it was not used.");
}
