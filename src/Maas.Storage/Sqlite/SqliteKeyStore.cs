using System.Text.Json;
using Maas.Core;
using Maas.Core.Security;
using Microsoft.Data.Sqlite;

namespace Maas.Storage.Sqlite;

/// <summary>
/// API keys on SQLite: the <c>api_keys</c> table, whose triggers refuse deleting a row or changing it other than by
/// revocation.
/// </summary>
internal sealed class SqliteKeyStore(SqliteDatabase database) : IKeyStore
{
    private const string KeyColumns = "SELECT id, role, scopes, description, created, expires, revoked, secret_sha256 FROM api_keys";

    /// <inheritdoc />
    public async Task CreateKeyAsync(ApiKeyInfo key, ReadOnlyMemory<byte> secretSha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (secretSha256.Length != 32)
        {
            throw new ArgumentException("The secret's SHA-256 must be 32 bytes.", nameof(secretSha256));
        }

        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        await using (var insert = transaction.Command("""
            INSERT INTO api_keys (id, secret_sha256, role, scopes, description, created, expires, revoked)
            VALUES ($id, $hash, $role, $scopes, $description, $created, $expires, $revoked)
            ON CONFLICT (id) DO NOTHING;
            """))
        {
            insert.With("$id", key.Id)
                .With("$hash", secretSha256.ToArray())
                .With("$role", RoleText(key.Role))
                .With("$scopes", JsonSerializer.Serialize(key.Scopes, StorageJsonContext.Default.IReadOnlyListString))
                .With("$description", key.Description)
                .With("$created", StoredTime.Format(key.Created))
                .With("$expires", key.Expires is { } expires ? StoredTime.Format(expires) : null)
                .With("$revoked", key.Revoked is { } revoked ? StoredTime.Format(revoked) : null);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw MaasErrors.KeyExists(key.Id);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<StoredApiKey?> FindKeyAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var query = connection.Command(KeyColumns + " WHERE id = $id;").With("$id", id);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredApiKey(ReadKey(reader), (byte[])reader.GetValue(7))
            : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var query = connection.Command(KeyColumns + " ORDER BY created, id;");
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKeyInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(ReadKey(reader));
        }

        return keys;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The last-admin check and the update are one transaction, so two admins revoking each other at the same moment
    /// cannot both succeed and leave the server without an admin.
    /// </remarks>
    public async Task<ApiKeyInfo> RevokeKeyAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = StoredTime.Format(now);
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        ApiKeyInfo key;
        await using (var query = transaction.Command(KeyColumns + " WHERE id = $id;").With("$id", id))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            key = await reader.ReadAsync(cancellationToken) ? ReadKey(reader) : throw MaasErrors.KeyNotFound(id);
        }

        if (key.Revoked is not null)
        {
            return key;
        }

        if (key.Role == Role.Admin && key.IsActiveAt(now))
        {
            await using var others = transaction.Command("""
                SELECT COUNT(*) FROM api_keys
                 WHERE role = 'admin' AND id <> $id AND revoked IS NULL AND (expires IS NULL OR expires > $now);
                """).With("$id", id).With("$now", at);
            if ((long)(await others.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                throw MaasException.Conflict($"Key '{id}' is the last active admin key; create another admin key before revoking it.");
            }
        }

        await using (var update = transaction.Command("UPDATE api_keys SET revoked = $now WHERE id = $id;").With("$id", id).With("$now", at))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return key with { Revoked = StoredTime.Parse(at) };
    }

    private static ApiKeyInfo ReadKey(SqliteDataReader row) => new(
        Id: row.GetString(0),
        Role: Enum.Parse<Role>(row.GetString(1), ignoreCase: true),
        Scopes: JsonSerializer.Deserialize(row.GetString(2), StorageJsonContext.Default.IReadOnlyListString)!,
        Description: row.GetString(3),
        Created: StoredTime.Parse(row.GetString(4)),
        Expires: row.IsDBNull(5) ? null : StoredTime.Parse(row.GetString(5)),
        Revoked: row.IsDBNull(6) ? null : StoredTime.Parse(row.GetString(6)));

    private static string RoleText(Role role) => role switch
    {
        Role.Consumer => "consumer",
        Role.Publisher => "publisher",
        Role.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a role."),
    };
}
