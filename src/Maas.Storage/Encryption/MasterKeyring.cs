using Maas.Core;

namespace Maas.Storage.Encryption;

/// <summary>
/// The master keys a store holds: the current one and, while a rotation runs, the next one. New data keys are wrapped
/// under the next key as soon as it exists, so a blob uploaded during a rotation never needs rewrapping.
/// </summary>
/// <remarks>
/// <para>
/// The current key comes from <see cref="BlobEncryptionOptions.MasterKey"/> (the environment) or from
/// <c>master.key</c>, generated (0600, fsynced) on first start. A rotation first writes the new key durably to
/// <c>master.key.next</c>, so from then on a crash leaves both keys on disk and every blob readable under one of them;
/// with a file key, finishing renames <c>master.key.next</c> over <c>master.key</c>, the single commit point.
/// </para>
/// <para>
/// With a key from the environment the server cannot change the variable, so after a rotation the new key stays in
/// <c>master.key.next</c>, sealed under the old key, until the server is started with the variable set to it; a
/// restart with the old value still works (the rotation is simply finished again), and further rotations wait until
/// then.
/// </para>
/// </remarks>
internal sealed class MasterKeyring : IDisposable
{
    public const string FileName = "master.key";
    public const string NextFileName = "master.key.next";

    private readonly Lock _gate = new();
    private readonly string _currentPath;
    private readonly string _nextPath;
    private readonly string? _environmentSource;
    private MasterKey _current;
    private MasterKey? _next;
    private bool _environmentUpdatePending;
    private int _disposed;

    private MasterKeyring(string directory, MasterKey current, MasterKey? next, string? environmentSource)
    {
        _currentPath = Path.Combine(directory, FileName);
        _nextPath = Path.Combine(directory, NextFileName);
        _current = current;
        _next = next;
        _environmentSource = environmentSource;
    }

    /// <summary>Whether the current key comes from the environment rather than <c>master.key</c>.</summary>
    public bool FromEnvironment => _environmentSource is not null;

    /// <summary>Whether a rotation has begun and not finished.</summary>
    public bool RotationPending
    {
        get
        {
            lock (_gate)
            {
                return _next is not null;
            }
        }
    }

    /// <summary>Whether a finished rotation waits for the environment variable to be set to the new key.</summary>
    public bool EnvironmentUpdatePending
    {
        get
        {
            lock (_gate)
            {
                return _environmentUpdatePending;
            }
        }
    }

    /// <summary>The key new data keys are wrapped under: the next key during a rotation, else the current one.</summary>
    public MasterKey WrappingKey
    {
        get
        {
            lock (_gate)
            {
                return _next ?? _current;
            }
        }
    }

    /// <summary>Opens the keys for <paramref name="options"/>; see the remarks for the rules.</summary>
    /// <param name="options">Where the keys are.</param>
    /// <param name="storeHasBlobs">
    /// Whether encrypted blobs exist already: then a missing <c>master.key</c> is refused rather than generated, since
    /// a new key could open none of them.
    /// </param>
    /// <param name="cancellationToken">Cancels reading the key files.</param>
    public static async Task<MasterKeyring> OpenAsync(BlobEncryptionOptions options, bool storeHasBlobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var currentPath = Path.Combine(options.KeyDirectory, FileName);
        var nextPath = Path.Combine(options.KeyDirectory, NextFileName);
        MasterKeyFile.RemoveTemporary(currentPath);
        MasterKeyFile.RemoveTemporary(nextPath);
        var current = options.MasterKey is { } fromEnvironment
            ? await OpenEnvironmentKeyAsync(MasterKey.Parse(fromEnvironment, options.MasterKeySource), options.MasterKeySource, currentPath, cancellationToken)
            : await OpenFileKeyAsync(currentPath, storeHasBlobs, options.MasterKeySource, cancellationToken);
        MasterKey? next = null;
        try
        {
            if (File.Exists(nextPath))
            {
                next = await MasterKeyFile.ReadAsync(nextPath, current, requireSealed: options.MasterKey is not null, cancellationToken);
                if (next is null || next.SameKeyAs(current))
                {
                    // The rotation to this key has finished and it is now the current key: the copy is not needed.
                    next?.Dispose();
                    next = null;
                    File.Delete(nextPath);
                    DirectorySync.Flush(options.KeyDirectory);
                }
            }

            return new MasterKeyring(options.KeyDirectory, current, next, options.MasterKey is null ? null : options.MasterKeySource);
        }
        catch
        {
            current.Dispose();
            next?.Dispose();
            throw;
        }
    }

    /// <summary>The held key with this id, or <c>null</c>.</summary>
    public MasterKey? Find(ReadOnlySpan<byte> id)
    {
        lock (_gate)
        {
            return _current.HasId(id) ? _current : _next is { } next && next.HasId(id) ? next : null;
        }
    }

    /// <summary>The id of the current key, for messages.</summary>
    public string CurrentIdHex
    {
        get
        {
            lock (_gate)
            {
                return _current.IdHex;
            }
        }
    }

    /// <summary>
    /// Starts a rotation: makes the new key durable in <c>master.key.next</c> and wraps new data keys under it. The
    /// caller then rewraps every blob and calls <see cref="CompleteRotationAsync"/>.
    /// </summary>
    public async Task<MasterKey> BeginRotationAsync(string? newKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_environmentUpdatePending)
            {
                throw MaasException.Conflict(
                    $"The previous rotation's key waits in {NextFileName}: set {_environmentSource} to it and restart the server before rotating again.");
            }
        }

        if (ResumeInterrupted(newKey) is { } pending)
        {
            return pending;
        }

        if (newKey is null && FromEnvironment)
        {
            throw MaasException.Invalid(
                $"The master key comes from {_environmentSource}, which the server cannot change: send the new key as newMasterKey (base64 of 32 random bytes), then set {_environmentSource} to it.");
        }

        var key = newKey is null ? MasterKey.Generate() : MasterKey.Parse(newKey, "newMasterKey");
        try
        {
            if (key.SameKeyAs(WrappingKey))
            {
                throw MaasException.Invalid("The new master key is the one in use; a rotation needs a different key.");
            }

            // With a key from the environment, the next key never lies on disk in the clear: it is sealed under the
            // current key, so that neither a copy of the folder reveals it nor a planted file can choose it.
            await MasterKeyFile.WriteAsync(_nextPath, key, FromEnvironment ? WrappingKey : null, cancellationToken);
        }
        catch
        {
            key.Dispose();
            throw;
        }

        lock (_gate)
        {
            _next = key;
        }

        return key;
    }

    // A rotation that stopped part-way (an I/O error) holds both keys; the next request finishes it, and may not
    // start a different one before that.
    private MasterKey? ResumeInterrupted(string? newKey)
    {
        MasterKey? next;
        lock (_gate)
        {
            next = _next;
        }

        if (next is null)
        {
            return null;
        }

        if (newKey is not null)
        {
            using var requested = MasterKey.Parse(newKey, "newMasterKey");
            if (!requested.SameKeyAs(next))
            {
                throw MaasException.Conflict(
                    $"An interrupted rotation to master key {next.IdHex} must finish first: rotate again without a new key, or with that same key.");
            }
        }

        return next;
    }

    /// <summary>
    /// Retires the old key once every data key is wrapped under the next one. With a file key the rename of
    /// <c>master.key.next</c> over <c>master.key</c> is the durable switch.
    /// </summary>
    public Task CompleteRotationAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!FromEnvironment)
        {
            File.Move(_nextPath, _currentPath, overwrite: true);
            DirectorySync.Flush(Path.GetDirectoryName(_currentPath)!);
        }

        MasterKey retired;
        lock (_gate)
        {
            retired = _current;
            _current = _next ?? throw new InvalidOperationException("No rotation is in progress.");
            _next = null;
            _environmentUpdatePending = FromEnvironment;
        }

        retired.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (_gate)
        {
            _current.Dispose();
            _next?.Dispose();
        }
    }

    private static async Task<MasterKey> OpenEnvironmentKeyAsync(MasterKey key, string source, string filePath, CancellationToken cancellationToken)
    {
        if (!File.Exists(filePath))
        {
            return key;
        }

        // Both a variable and a file: using the variable would silently leave every blob written under the file's key
        // unreadable, so a mismatch is refused; a match (the key was moved into the environment) is fine.
        using var fileKey = await MasterKeyFile.ReadPlainAsync(filePath, cancellationToken);
        if (!fileKey.SameKeyAs(key))
        {
            var message = $"{source} is set (master key id {key.IdHex}), but {FileName} in the data folder holds a different key (id {fileKey.IdHex}); " +
                $"to move the key into the environment, set {source} to the content of {FileName} and then delete the file.";
            key.Dispose();
            throw MaasException.Invalid(message);
        }

        return key;
    }

    private static async Task<MasterKey> OpenFileKeyAsync(string path, bool storeHasBlobs, string source, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            return await MasterKeyFile.ReadPlainAsync(path, cancellationToken);
        }

        if (storeHasBlobs)
        {
            throw MaasException.Invalid(
                $"The data folder holds encrypted blobs but no {FileName}; a new key could open none of them. Restore {FileName} from a backup, or set {source} to the key they were written under.");
        }

        var key = MasterKey.Generate();
        try
        {
            await MasterKeyFile.WriteAsync(path, key, sealer: null, cancellationToken);
        }
        catch
        {
            key.Dispose();
            throw;
        }

        return key;
    }
}
