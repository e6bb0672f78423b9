using Maas.Core;
using Maas.Core.Admin;
using Maas.Core.Storage;

namespace Maas.Server.Models;

/// <summary>The registry's side of encryption at rest: master key rotation, its recovery, and integrity failures.</summary>
internal sealed partial class ModelRegistry
{
    /// <summary>
    /// Replaces the master key that wraps every blob's data key (see <see cref="IMasterKeyRotation"/>). The rotation
    /// runs to its end even when the caller goes away: stopping half-way is safe, but would leave it to the next start.
    /// </summary>
    public async Task<MasterKeyRotationResult> RotateMasterKeyAsync(string? newMasterKey)
    {
        var rotation = blobs as IMasterKeyRotation
            ?? throw new MaasException(ErrorCode.Internal, "This server's blob store has no master key to rotate.");
        var result = await rotation.RotateMasterKeyAsync(newMasterKey, CancellationToken.None);
        LogRotated(logger, result.MasterKeyId, result.Rewrapped, result.AlreadyCurrent);
        if (result.Unreadable > 0)
        {
            LogUnreadableKeys(logger, result.Unreadable);
        }

        if (result.EnvironmentUpdateRequired)
        {
            LogEnvironmentUpdateRequired(logger, result.MasterKeyId);
        }

        return result;
    }

    /// <summary>Opens a blob, logging a failed integrity check before the caller sees it.</summary>
    private async Task<Stream> OpenBlobAsync(string digest, CancellationToken cancellationToken)
    {
        try
        {
            return await blobs.OpenReadAsync(digest, cancellationToken);
        }
        catch (MaasException exception) when (exception.Code == ErrorCode.IntegrityFailure)
        {
            LogIntegrityFailure(logger, digest, exception.Message);
            throw;
        }
    }

    // Before requests are served: a rotation a crash interrupted is finished, and blobs that no held key opens (the
    // wrong MAAS_MASTER_KEY, say) are reported now rather than one failed load at a time.
    private async Task RecoverEncryptionAsync(CancellationToken cancellationToken)
    {
        if (blobs is not IMasterKeyRotation rotation)
        {
            return;
        }

        if (await rotation.FinishInterruptedRotationAsync(cancellationToken) is { } finished)
        {
            LogRotationResumed(logger, finished.MasterKeyId, finished.Rewrapped, finished.AlreadyCurrent);
            if (finished.EnvironmentUpdateRequired)
            {
                LogEnvironmentUpdateRequired(logger, finished.MasterKeyId);
            }
        }

        var unreadable = await rotation.CountUnreadableKeysAsync(cancellationToken);
        if (unreadable > 0)
        {
            LogUnreadableKeys(logger, unreadable);
        }
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Rotated the master key to {MasterKeyId}: rewrapped {Rewrapped} data keys, {AlreadyCurrent} already current")]
    private static partial void LogRotated(ILogger logger, string masterKeyId, int rewrapped, int alreadyCurrent);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Finished a master key rotation that a restart interrupted: master key {MasterKeyId}, rewrapped {Rewrapped} data keys, {AlreadyCurrent} already current")]
    private static partial void LogRotationResumed(ILogger logger, string masterKeyId, int rewrapped, int alreadyCurrent);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Warning, Message = "The blobs are now wrapped under master key {MasterKeyId}, which is kept in master.key.next until MAAS_MASTER_KEY is set to it; set it before the next restart")]
    private static partial void LogEnvironmentUpdateRequired(ILogger logger, string masterKeyId);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Error, Message = "{Count} blobs have a data key that no master key held by this server opens; they cannot be read (wrong MAAS_MASTER_KEY, or damaged key files)")]
    private static partial void LogUnreadableKeys(ILogger logger, int count);

    [LoggerMessage(EventId = 4114, Level = LogLevel.Error, Message = "Blob {Digest} failed its integrity check and was not served: {Reason}")]
    private static partial void LogIntegrityFailure(ILogger logger, string digest, string reason);
}
