using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Storage;
using Maas.Core.Training;

namespace Maas.Storage;

public sealed partial class SqliteRegistryStore
{
    /// <inheritdoc />
    public async Task<ModelVersionInfo> AddTrainedVersionAsync(string name, BlobInfo blob, ModelSignature signature, ModelLineage lineage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(lineage);
        _ = BlobDigest.Hex(blob.Digest);

        var created = UtcNow();
        await using var transaction = await BeginWriteAsync(cancellationToken);
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
            throw RegistryErrors.ModelNotFound(name);
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
                .With("$job", lineage.JobId)
                .With("$dataset", lineage.Dataset)
                .With("$datasetVersion", lineage.DatasetVersion)
                .With("$datasetDigest", lineage.DatasetDigest)
                .With("$spec", TrainingRows.SpecJson(lineage.Spec))
                .With("$metrics", TrainingRows.MetricsJson(lineage.Metrics))
                .ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ModelVersionInfo(name, version, blob.Digest, blob.Size, created, signature, [], lineage);
    }
}
