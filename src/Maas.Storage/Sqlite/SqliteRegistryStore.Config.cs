using System.Text.Json;
using Maas.Core;
using Maas.Core.Registry;

namespace Maas.Storage.Sqlite;

internal sealed partial class SqliteRegistryStore
{
    /// <inheritdoc />
    public async Task<ModelServingConfig> GetServingConfigAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var query = connection.Command("SELECT serving_config FROM models WHERE name = $name;").With("$name", name);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw MaasErrors.ModelNotFound(name);
        }

        return reader.IsDBNull(0)
            ? ModelServingConfig.Default
            : JsonSerializer.Deserialize(reader.GetString(0), StorageJsonContext.Default.ModelServingConfig) ?? ModelServingConfig.Default;
    }

    /// <inheritdoc />
    public async Task<ModelServingConfig> SetServingConfigAsync(string name, ModelServingConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        await using (var command = transaction.Command("UPDATE models SET serving_config = $config, updated = $now WHERE name = $name;"))
        {
            command.With("$name", name)
                .With("$config", JsonSerializer.Serialize(config, StorageJsonContext.Default.ModelServingConfig))
                .With("$now", StoredTime.Format(database.UtcNow()));
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw MaasErrors.ModelNotFound(name);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return config;
    }
}
