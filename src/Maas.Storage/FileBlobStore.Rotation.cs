using System.Security.Cryptography;
using Maas.Core;
using Maas.Core.Admin;
using Maas.Core.Storage;
using Maas.Storage.Encryption;

namespace Maas.Storage;

public sealed partial class FileBlobStore
{
    private enum KeyState
    {
        Gone,
        Current,
        Rewrapped,
        Unreadable,
    }

    /// <inheritdoc />
    /// <remarks>
    /// <para>
    /// Why this is crash-safe: the new key is durable in <c>master.key.next</c> before any data key is wrapped under
    /// it; each key file is replaced by an atomic rename of a fsynced temporary file, so it is always wholly under the
    /// old key or wholly under the new one, and both keys are held until the end; the folders are fsynced before the
    /// old key is retired, by renaming <c>master.key.next</c> over <c>master.key</c>. A crash at any point leaves
    /// every blob readable, and <see cref="FinishInterruptedRotationAsync"/> completes the rotation at the next start.
    /// Blob files are never written: only the 78-byte key files change.
    /// </para>
    /// <para>
    /// A rotation left unfinished (an I/O error) is resumed by the next call, given no key or the same one.
    /// </para>
    /// </remarks>
    public async Task<MasterKeyRotationResult> RotateMasterKeyAsync(string? newMasterKey, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (!await _rotationLock.WaitAsync(0, cancellationToken))
        {
            throw MaasException.Conflict("A master key rotation is already running.");
        }

        try
        {
            await BeginRotationAsync(newMasterKey, cancellationToken);
            return await FinishRotationAsync(cancellationToken);
        }
        finally
        {
            _rotationLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<MasterKeyRotationResult?> FinishInterruptedRotationAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _rotationLock.WaitAsync(cancellationToken);
        try
        {
            return _keys.RotationPending ? await FinishRotationAsync(cancellationToken) : null;
        }
        finally
        {
            _rotationLock.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>Reads every key file and the header of its blob, and unwraps the data key; nothing is written.</remarks>
    public async Task<int> CountUnreadableKeysAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var unreadable = 0;
        foreach (var hex in ListNames(_keyDirectory).ToList())
        {
            if (await InspectAsync(hex, target: null, cancellationToken) == KeyState.Unreadable)
            {
                unreadable++;
            }
        }

        return unreadable;
    }

    /// <summary>The first step of a rotation: the new key is durable and wraps every new data key from now on.</summary>
    internal async Task BeginRotationAsync(string? newMasterKey, CancellationToken cancellationToken)
    {
        await _keyLock.WaitAsync(cancellationToken);
        try
        {
            await _keys.BeginRotationAsync(newMasterKey, cancellationToken);
        }
        finally
        {
            _keyLock.Release();
        }
    }

    /// <summary>
    /// Rewraps one blob's data key under the rotation's new key, durably; <c>false</c> when there was nothing to do.
    /// Tests use it to stop a rotation part-way, as a crash would.
    /// </summary>
    internal async Task<bool> RewrapAsync(string digest, CancellationToken cancellationToken)
    {
        var hex = BlobDigest.Hex(digest);
        await _keyLock.WaitAsync(cancellationToken);
        try
        {
            var rewrapped = await InspectAsync(hex, _keys.WrappingKey, cancellationToken) == KeyState.Rewrapped;
            DirectorySync.Flush(Path.GetDirectoryName(KeyPathOf(hex))!);
            return rewrapped;
        }
        finally
        {
            _keyLock.Release();
        }
    }

    private async Task<MasterKeyRotationResult> FinishRotationAsync(CancellationToken cancellationToken)
    {
        var target = _keys.WrappingKey;
        int current = 0, rewrapped = 0, unreadable = 0;
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hex in ListNames(_keyDirectory).ToList())
        {
            await _keyLock.WaitAsync(cancellationToken);
            try
            {
                switch (await InspectAsync(hex, target, cancellationToken))
                {
                    case KeyState.Current:
                        current++;
                        break;
                    case KeyState.Rewrapped:
                        rewrapped++;
                        touched.Add(Path.GetDirectoryName(KeyPathOf(hex))!);
                        break;
                    case KeyState.Unreadable:
                        unreadable++;
                        break;
                }
            }
            finally
            {
                _keyLock.Release();
            }
        }

        // The renames must be durable before the old key goes, or a power cut could bring back key files that only
        // the retired key opens.
        foreach (var directory in touched)
        {
            DirectorySync.Flush(directory);
        }

        await _keys.CompleteRotationAsync(cancellationToken);
        return new MasterKeyRotationResult(target.IdHex, rewrapped, current, unreadable, _keys.FromEnvironment);
    }

    /// <summary>
    /// Checks one blob's key file: that its blob exists, and that a held master key unwraps it for that blob's header
    /// and digest. With a <paramref name="target"/>, a key wrapped under another master key is rewrapped under it.
    /// </summary>
    private async Task<KeyState> InspectAsync(string hex, MasterKey? target, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var digest = BlobDigest.Prefix + hex;
        var blobPath = Path.Combine(_blobDirectory, hex[..2], hex);
        byte[] keyFile, header;
        try
        {
            keyFile = await File.ReadAllBytesAsync(KeyPathOf(hex), cancellationToken);
            using var handle = EncryptedBlobReader.OpenHandle(blobPath);
            header = await EncryptedBlobReader.ReadHeaderAsync(handle, digest, cancellationToken);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            // Deleted meanwhile, or a key whose blob a crash never committed: start-up removes those.
            return KeyState.Gone;
        }
        catch (MaasException exception) when (exception.Code == ErrorCode.IntegrityFailure)
        {
            return KeyState.Unreadable;
        }

        if (!WrappedKeyFile.IsWellFormed(keyFile) || _keys.Find(WrappedKeyFile.MasterKeyId(keyFile)) is not { } source)
        {
            return KeyState.Unreadable;
        }

        var dataKey = new byte[BlobFormat.DataKeySize];
        try
        {
            if (!WrappedKeyFile.TryUnwrap(source, keyFile, header, digest, dataKey))
            {
                return KeyState.Unreadable;
            }

            if (target is null || ReferenceEquals(source, target))
            {
                return KeyState.Current;
            }

            var rewrapped = WrappedKeyFile.Create(target, dataKey, header, digest);
            await DurableFile.ReplaceAsync(KeyPathOf(hex), rewrapped, NewTemporaryPath(), ReadOnlyFile, flushDirectory: false, cancellationToken);
            return KeyState.Rewrapped;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }
}
