using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Storage;
using Maas.Core.Training;

namespace Maas.Storage.Sqlite;

internal sealed partial class SqliteRegistryStore
{
    /// <inheritdoc />
    /// <remarks>A trained version's lineage is written in the version's own row, so the two cannot be separated.</remarks>
    public async Task<ModelVersionInfo> AddVersionAsync(string name, BlobInfo blob, ModelSignature signature, ModelLineage? lineage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(signature);
        _ = BlobDigest.Hex(blob.Digest);
        ArgumentOutOfRangeException.ThrowIfNegative(blob.Size);

        var created = database.UtcNow();
        await using var transaction = await database.BeginWriteAsync(cancellationToken);

        // The counter moves inside the write lock, so concurrent uploads get consecutive numbers, and it never moves
        // back, so a deleted version's number stays retired.
        long? id = null;
        var version = 0;
        await using (var next = transaction.Command(
            "UPDATE models SET last_version = last_version + 1 WHERE name = $name RETURNING id, last_version;").With("$name", name))
        await using (var reader = await next.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                id = reader.GetInt64(0);
                version = reader.GetInt32(1);
            }
        }

        if (id is null)
        {
            throw MaasErrors.ModelNotFound(name);
        }

        await using (var insert = transaction.Command("""
            INSERT INTO versions (model_id, version, digest, size, created, signature,
                                  lineage_job_id, lineage_dataset, lineage_dataset_version, lineage_dataset_digest, lineage_spec, lineage_metrics)
            VALUES ($id, $version, $digest, $size, $created, $signature, $job, $dataset, $datasetVersion, $datasetDigest, $spec, $metrics);
            """))
        {
            await insert.With("$id", id)
                .With("$version", version)
                .With("$digest", blob.Digest)
                .With("$size", blob.Size)
                .With("$created", StoredTime.Format(created))
                .With("$signature", RegistryRows.SignatureJson(signature))
                .With("$job", lineage?.JobId)
                .With("$dataset", lineage?.Dataset)
                .With("$datasetVersion", lineage?.DatasetVersion)
                .With("$datasetDigest", lineage?.DatasetDigest)
                .With("$spec", lineage is null ? null : TrainingRows.SpecJson(lineage.Spec))
                .With("$metrics", lineage is null ? null : TrainingRows.MetricsJson(lineage.Metrics))
                .ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ModelVersionInfo(name, version, blob.Digest, blob.Size, created, signature, [], lineage);
    }

    /// <inheritdoc />
    public async Task<ModelVersionInfo?> GetVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var query = connection.Command(RegistryRows.VersionColumns + """
             FROM models m JOIN versions v ON v.model_id = m.id
            WHERE m.name = $name AND v.version = $version;
            """).With("$name", name).With("$version", version);
        return await RegistryRows.ReadVersionOrNullAsync(query, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ModelVersionInfo>> ListVersionsAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);

        // One statement tells "no such model" (no row) from "no versions" (one row of NULLs) and sees one snapshot.
        await using var query = connection.Command(RegistryRows.VersionColumns + """
             FROM models m LEFT JOIN versions v ON v.model_id = m.id
            WHERE m.name = $name
            ORDER BY v.version DESC;
            """).With("$name", name);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var versions = new List<ModelVersionInfo>();
        var modelExists = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            modelExists = true;
            if (!reader.IsDBNull(1))
            {
                versions.Add(RegistryRows.ReadVersion(reader));
            }
        }

        return modelExists ? versions : throw MaasErrors.ModelNotFound(name);
    }

    /// <inheritdoc />
    public async Task<ModelVersionInfo> DeleteVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        var id = await RequireModelIdAsync(transaction, name, cancellationToken);
        ModelVersionInfo info;
        await using (var query = transaction.Command(RegistryRows.VersionColumns + """
             FROM models m JOIN versions v ON v.model_id = m.id
            WHERE m.id = $id AND v.version = $version;
            """).With("$id", id).With("$version", version))
        {
            info = await RegistryRows.ReadVersionOrNullAsync(query, cancellationToken) ?? throw MaasErrors.VersionNotFound(name, version);
        }

        if (info.Aliases.Count > 0)
        {
            throw MaasErrors.VersionAliased(name, version, info.Aliases);
        }

        await using (var delete = transaction.Command("DELETE FROM versions WHERE model_id = $id AND version = $version;"))
        {
            await delete.With("$id", id).With("$version", version).ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return info;
    }
}
