using Maas.Core;
using Maas.Core.Storage;
using Maas.Core.Training;

namespace Maas.Storage.Sqlite;

/// <summary>Datasets on SQLite: the <c>datasets</c> and <c>dataset_versions</c> tables.</summary>
internal sealed class SqliteDatasetStore(SqliteDatabase database) : IDatasetStore
{
    /// <inheritdoc />
    public async Task<DatasetVersionInfo> AddDatasetVersionAsync(string name, BlobInfo blob, long rows, IReadOnlyList<DatasetColumn> columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(columns);
        _ = BlobDigest.Hex(blob.Digest);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);

        var created = database.UtcNow();
        await using var transaction = await database.BeginWriteAsync(cancellationToken);

        // Create on first push and take the next number in one statement, inside the write lock: concurrent pushes get
        // consecutive numbers, and the counter never moves back, so a deleted version's number stays retired.
        long id;
        int version;
        await using (var next = transaction.Command("""
            INSERT INTO datasets (name, created, last_version) VALUES ($name, $created, 1)
            ON CONFLICT (name) DO UPDATE SET last_version = last_version + 1
            RETURNING id, last_version;
            """).With("$name", name).With("$created", StoredTime.Format(created)))
        await using (var reader = await next.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            id = reader.GetInt64(0);
            version = reader.GetInt32(1);
        }

        await using (var insert = transaction.Command("""
            INSERT INTO dataset_versions (dataset_id, version, digest, size, created, rows, schema)
            VALUES ($id, $version, $digest, $size, $created, $rows, $schema);
            """))
        {
            await insert.With("$id", id)
                .With("$version", version)
                .With("$digest", blob.Digest)
                .With("$size", blob.Size)
                .With("$created", StoredTime.Format(created))
                .With("$rows", rows)
                .With("$schema", TrainingRows.ColumnsJson(columns))
                .ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new DatasetVersionInfo(name, version, blob.Digest, blob.Size, created, rows, columns);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DatasetSummary>> ListDatasetsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var query = connection.Command("""
            SELECT d.name, d.created,
                   (SELECT MAX(v.version) FROM dataset_versions v WHERE v.dataset_id = d.id),
                   (SELECT COUNT(*) FROM dataset_versions v WHERE v.dataset_id = d.id)
              FROM datasets d ORDER BY d.name;
            """);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var datasets = new List<DatasetSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            datasets.Add(new DatasetSummary(
                reader.GetString(0),
                StoredTime.Parse(reader.GetString(1)),
                reader.IsDBNull(2) ? null : reader.GetInt32(2),
                reader.GetInt32(3)));
        }

        return datasets;
    }

    /// <inheritdoc />
    public async Task<DatasetInfo?> GetDatasetAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);

        // One statement, one snapshot: the dataset row with its versions (NULLs when it has none).
        await using var query = connection.Command("""
            SELECT d.name, v.version, v.digest, v.size, v.created, v.rows, v.schema, d.created
              FROM datasets d LEFT JOIN dataset_versions v ON v.dataset_id = d.id
             WHERE d.name = $name
             ORDER BY v.version DESC;
            """).With("$name", name);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        DateTimeOffset? created = null;
        var versions = new List<DatasetVersionInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            created = StoredTime.Parse(reader.GetString(7));
            if (!reader.IsDBNull(1))
            {
                versions.Add(TrainingRows.ReadDatasetVersion(reader));
            }
        }

        return created is { } when ? new DatasetInfo(name, when, versions) : null;
    }

    /// <inheritdoc />
    public async Task<DatasetVersionInfo?> GetDatasetVersionAsync(string name, int? version, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var query = connection.Command(TrainingRows.DatasetVersionColumns + """
             FROM datasets d JOIN dataset_versions v ON v.dataset_id = d.id
            WHERE d.name = $name AND ($version IS NULL OR v.version = $version)
            ORDER BY v.version DESC LIMIT 1;
            """).With("$name", name).With("$version", version);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? TrainingRows.ReadDatasetVersion(reader) : null;
    }

    /// <inheritdoc />
    public async Task<DatasetVersionInfo> DeleteDatasetVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        DatasetVersionInfo? deleted = null;
        await using (var delete = transaction.Command("""
            DELETE FROM dataset_versions
             WHERE dataset_id = (SELECT id FROM datasets WHERE name = $name) AND version = $version
            RETURNING $name, version, digest, size, created, rows, schema;
            """).With("$name", name).With("$version", version))
        await using (var reader = await delete.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                deleted = TrainingRows.ReadDatasetVersion(reader);
            }
        }

        if (deleted is null)
        {
            throw await DatasetOrVersionMissingAsync(transaction, name, version, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DatasetVersionInfo>> DeleteDatasetAsync(string name, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        var deleted = new List<DatasetVersionInfo>();
        await using (var versions = transaction.Command("""
            DELETE FROM dataset_versions WHERE dataset_id = (SELECT id FROM datasets WHERE name = $name)
            RETURNING $name, version, digest, size, created, rows, schema;
            """).With("$name", name))
        await using (var reader = await versions.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                deleted.Add(TrainingRows.ReadDatasetVersion(reader));
            }
        }

        await using (var dataset = transaction.Command("DELETE FROM datasets WHERE name = $name;").With("$name", name))
        {
            if (await dataset.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw MaasErrors.DatasetNotFound(name);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    private static async Task<MaasException> DatasetOrVersionMissingAsync(WriteTransaction transaction, string name, int version, CancellationToken cancellationToken)
    {
        await using var exists = transaction.Command("SELECT EXISTS (SELECT 1 FROM datasets WHERE name = $name);").With("$name", name);
        return SqliteDialect.IsTrue(await exists.ExecuteScalarAsync(cancellationToken))
            ? MaasErrors.DatasetVersionNotFound(name, version)
            : MaasErrors.DatasetNotFound(name);
    }
}
