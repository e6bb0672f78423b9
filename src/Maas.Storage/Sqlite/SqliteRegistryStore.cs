using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Storage;

namespace Maas.Storage.Sqlite;

/// <summary>
/// The model aggregate on SQLite: models, their versions (with the lineage of trained ones), aliases and serving
/// settings, in the <c>models</c>, <c>versions</c> and <c>aliases</c> tables.
/// </summary>
internal sealed partial class SqliteRegistryStore(SqliteDatabase database) : IRegistryStore
{
    /// <inheritdoc />
    public async Task<ModelInfo> CreateModelAsync(CreateModelRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RegistryLimits.ValidateMetadata(request.Description, request.Tags, request.Labels);

        var now = StoredTime.Format(database.UtcNow());
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        long? id;
        await using (var insert = transaction.Command("""
            INSERT INTO models (name, description, tags, labels, created, updated)
            VALUES ($name, $description, $tags, $labels, $now, $now)
            ON CONFLICT (name) DO NOTHING
            RETURNING id;
            """))
        {
            insert.With("$name", request.Name)
                .With("$description", request.Description ?? string.Empty)
                .With("$tags", RegistryRows.TagsJson(request.Tags))
                .With("$labels", RegistryRows.LabelsJson(request.Labels))
                .With("$now", now);
            id = (long?)await insert.ExecuteScalarAsync(cancellationToken);
        }

        if (id is null)
        {
            throw MaasErrors.ModelExists(request.Name);
        }

        var model = await ReadModelAsync(transaction, id.Value, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return model;
    }

    /// <inheritdoc />
    public async Task<ModelInfo?> GetModelAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var query = connection.Command(RegistryRows.SelectModels + " WHERE m.name = $name;").With("$name", name);
        return await RegistryRows.ReadModelOrNullAsync(query, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Paging is by key, not offset: a page starts strictly after <paramref name="afterName"/>, so models created or
    /// deleted between calls never shift later pages. <paramref name="pageSize"/> is 1 to
    /// <see cref="RegistryLimits.MaxPageSize"/>.
    /// </remarks>
    public async Task<ModelPage> ListModelsAsync(int pageSize, string? afterName, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, RegistryLimits.MaxPageSize);

        await using var connection = await database.OpenReadAsync(cancellationToken);

        // Every name is non-empty, so "after the empty string" is the first page, and the name index serves both.
        await using var query = connection.Command(RegistryRows.SelectModels + " WHERE m.name > $after ORDER BY m.name LIMIT $limit;")
            .With("$after", afterName ?? string.Empty)
            .With("$limit", pageSize + 1);
        var models = new List<ModelInfo>(pageSize + 1);
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                models.Add(RegistryRows.ReadModel(reader));
            }
        }

        // One row more than asked for says another page exists, without a second query.
        if (models.Count <= pageSize)
        {
            return new ModelPage(models, null);
        }

        models.RemoveAt(pageSize);
        return new ModelPage(models, models[^1].Name);
    }

    /// <inheritdoc />
    public async Task<ModelInfo> UpdateModelAsync(string name, UpdateModelRequest update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        RegistryLimits.ValidateMetadata(update.Description, update.Tags, update.Labels);

        var now = StoredTime.Format(database.UtcNow());
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        long? id;
        await using (var command = transaction.Command("""
            UPDATE models SET
                description = COALESCE($description, description),
                tags        = COALESCE($tags, tags),
                labels      = CASE WHEN $setLabels THEN $labels ELSE labels END,
                updated     = $now
            WHERE name = $name
            RETURNING id;
            """))
        {
            command.With("$name", name)
                .With("$description", update.Description)
                .With("$tags", update.Tags is null ? null : RegistryRows.TagsJson(update.Tags))
                .With("$setLabels", update.Labels is not null)
                .With("$labels", RegistryRows.LabelsJson(update.Labels))
                .With("$now", now);
            id = (long?)await command.ExecuteScalarAsync(cancellationToken);
        }

        if (id is null)
        {
            throw MaasErrors.ModelNotFound(name);
        }

        var model = await ReadModelAsync(transaction, id.Value, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return model;
    }

    /// <inheritdoc />
    public async Task DeleteModelAsync(string name, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        var id = await RequireModelIdAsync(transaction, name, cancellationToken);
        await using (var count = transaction.Command("SELECT COUNT(*) FROM versions WHERE model_id = $id;").With("$id", id))
        {
            var versions = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
            if (versions > 0)
            {
                throw MaasErrors.ModelHasVersions(name, versions);
            }
        }

        // Aliases need a version to point at, so a model without versions has none left to delete.
        await using (var delete = transaction.Command("DELETE FROM models WHERE id = $id;").With("$id", id))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<ModelInfo> ReadModelAsync(WriteTransaction transaction, long id, CancellationToken cancellationToken)
    {
        await using var query = transaction.Command(RegistryRows.SelectModels + " WHERE m.id = $id;").With("$id", id);
        return await RegistryRows.ReadModelOrNullAsync(query, cancellationToken)
            ?? throw new InvalidOperationException("The model row written in this transaction was not found.");
    }

    /// <summary>The model's row id, or <see cref="ErrorCode.NotFound"/>.</summary>
    private static async Task<long> RequireModelIdAsync(WriteTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command("SELECT id FROM models WHERE name = $name;").With("$name", name);
        return (long?)await command.ExecuteScalarAsync(cancellationToken) ?? throw MaasErrors.ModelNotFound(name);
    }
}
