using Maas.Core;
using Maas.Core.Registry;

namespace Maas.Storage;

public sealed partial class SqliteRegistryStore
{
    /// <inheritdoc />
    /// <remarks>Creating and moving are one upsert, so a reader sees the old target or the new one, never neither.</remarks>
    public async Task<AliasInfo> SetAliasAsync(string name, string aliasName, int version, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginWriteAsync(cancellationToken);
        var id = await RequireModelIdAsync(transaction, name, cancellationToken);
        await using (var exists = transaction.Command("SELECT EXISTS (SELECT 1 FROM versions WHERE model_id = $id AND version = $version);"))
        {
            if ((long)(await exists.With("$id", id).With("$version", version).ExecuteScalarAsync(cancellationToken))! == 0)
            {
                throw MaasErrors.VersionNotFound(name, version);
            }
        }

        await using (var upsert = transaction.Command("""
            INSERT INTO aliases (model_id, alias, version) VALUES ($id, $alias, $version)
            ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version;
            """))
        {
            await upsert.With("$id", id).With("$alias", aliasName).With("$version", version).ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new AliasInfo(name, aliasName, version);
    }

    /// <inheritdoc />
    public async Task DeleteAliasAsync(string name, string aliasName, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginWriteAsync(cancellationToken);
        var id = await RequireModelIdAsync(transaction, name, cancellationToken);
        await using (var delete = transaction.Command("DELETE FROM aliases WHERE model_id = $id AND alias = $alias;"))
        {
            if (await delete.With("$id", id).With("$alias", aliasName).ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw MaasErrors.AliasNotFound(name, aliasName);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> IsBlobReferencedAsync(string digest, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var query = connection.Command("SELECT EXISTS (SELECT 1 FROM (" + TrainingRows.ReferencedDigests + ") WHERE digest = $digest);").With("$digest", digest);
        return (long)(await query.ExecuteScalarAsync(cancellationToken))! != 0;
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> ListReferencedDigestsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var query = connection.Command("SELECT DISTINCT digest FROM (" + TrainingRows.ReferencedDigests + ");");
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var digests = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            digests.Add(reader.GetString(0));
        }

        return digests;
    }
}
