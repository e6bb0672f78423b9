using Microsoft.Data.Sqlite;
using static Maas.Storage.Tests.Contracts.KeyStoreContract;

namespace Maas.Storage.Tests.Sqlite;

/// <summary>The <c>api_keys</c> table's own guarantees: whoever writes to the file, only revocation changes a row.</summary>
public sealed class SqliteKeyTableTests : SqliteTestBase
{
    [Theory]
    [InlineData("DELETE FROM api_keys WHERE id = 'k1';")]
    [InlineData("UPDATE api_keys SET secret_sha256 = zeroblob(32) WHERE id = 'k1';")]
    [InlineData("UPDATE api_keys SET role = 'admin' WHERE id = 'k1';")]
    [InlineData("UPDATE api_keys SET scopes = '[\"*\"]' WHERE id = 'k1';")]
    [InlineData("UPDATE api_keys SET expires = NULL WHERE id = 'k1';")]
    public async Task ApiKeys_OnlyRevocationChangesARow(string sql)
    {
        await Keys.CreateKeyAsync(Key("k1", expires: Start.AddDays(1)), Hash, None);

        var error = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(sql));

        Assert.Contains("api_keys rows are", error.Message, StringComparison.Ordinal);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(None);
    }
}
