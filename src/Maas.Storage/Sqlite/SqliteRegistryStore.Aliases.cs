using Maas.Core;
using Maas.Core.Registry;

namespace Maas.Storage.Sqlite;

internal sealed partial class SqliteRegistryStore
{
    /// <inheritdoc />
    /// <remarks>Creating and moving are one upsert, so a reader sees the old target or the new one, never neither.</remarks>
    public async Task<AliasInfo> SetAliasAsync(string name, string aliasName, int version, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        var id = await RequireModelIdAsync(transaction, name, cancellationToken);
        await using (var exists = transaction.Command("SELECT EXISTS (SELECT 1 FROM versions WHERE model_id = $id AND version = $version);"))
        {
            if (!SqliteDialect.IsTrue(await exists.With("$id", id).With("$version", version).ExecuteScalarAsync(cancellationToken)))
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
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
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
}
