using Maas.Core.Admin;

namespace Maas.Core.Storage;

/// <summary>
/// A blob store whose per-blob data keys are wrapped by a master key, which can be replaced without re-encrypting any
/// blob: rotation wraps every data key again under the new key, then retires the old one.
/// </summary>
public interface IMasterKeyRotation
{
    /// <summary>
    /// Replaces the master key. Every blob stays readable throughout, uploads may continue, and a crash at any point
    /// is finished by <see cref="FinishInterruptedRotationAsync"/> at the next start.
    /// </summary>
    /// <param name="newMasterKey">
    /// The new key as base64 of 32 bytes, or <c>null</c> to generate one. Required when the master key comes from the
    /// environment.
    /// </param>
    /// <param name="cancellationToken">Stops the rotation between blobs; it is then finished at the next start.</param>
    /// <exception cref="MaasException">
    /// <see cref="ErrorCode.InvalidArgument"/> for a missing or malformed key; <see cref="ErrorCode.Conflict"/> while
    /// another rotation runs or a previous one still waits for the environment to be updated.
    /// </exception>
    Task<MasterKeyRotationResult> RotateMasterKeyAsync(string? newMasterKey, CancellationToken cancellationToken);

    /// <summary>
    /// Finishes a rotation that a crash interrupted; call it at start-up, before requests are served. Returns
    /// <c>null</c> when none was pending.
    /// </summary>
    Task<MasterKeyRotationResult?> FinishInterruptedRotationAsync(CancellationToken cancellationToken);

    /// <summary>Counts the blobs whose data key no held master key can unwrap; zero on a healthy store.</summary>
    Task<int> CountUnreadableKeysAsync(CancellationToken cancellationToken);
}
