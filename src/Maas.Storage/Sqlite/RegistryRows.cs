using System.Text.Json;
using Maas.Core;
using Maas.Core.Registry;
using Microsoft.Data.Sqlite;

namespace Maas.Storage.Sqlite;

/// <summary>The column lists the store selects and the mapping of a row to a registry record.</summary>
internal static class RegistryRows
{
    /// <summary>A model with its derived fields; append the WHERE clause. Aliases come back as one JSON object.</summary>
    public static readonly string SelectModels = $"""
        SELECT m.name, m.description, m.tags, m.labels, m.created, m.updated,
               (SELECT MAX(v.version) FROM versions v WHERE v.model_id = m.id),
               (SELECT COUNT(*) FROM versions v WHERE v.model_id = m.id),
               (SELECT {SqliteDialect.JsonObjectOf("alias", "version")}
                  FROM (SELECT a.alias, a.version FROM aliases a WHERE a.model_id = m.id ORDER BY a.alias))
        FROM models m
        """;

    /// <summary>
    /// A version with the aliases pointing at it, as one JSON array; append FROM over <c>models m</c> and
    /// <c>versions v</c>. Every column but the name is NULL when a LEFT JOIN found no version.
    /// </summary>
    public static readonly string VersionColumns = $"""
        SELECT m.name, v.version, v.digest, v.size, v.created, v.signature,
               (SELECT {SqliteDialect.JsonArrayOf("alias")}
                  FROM (SELECT a.alias FROM aliases a WHERE a.model_id = v.model_id AND a.version = v.version ORDER BY a.alias)),
               v.lineage_job_id, v.lineage_dataset, v.lineage_dataset_version, v.lineage_dataset_digest, v.lineage_spec, v.lineage_metrics
        """;

    private static StorageJsonContext Json => StorageJsonContext.Default;

    public static ModelInfo ReadModel(SqliteDataReader row) => new(
        Name: row.GetString(0),
        Description: row.GetString(1),
        Tags: JsonSerializer.Deserialize(row.GetString(2), Json.IReadOnlyDictionaryStringString)!,
        Labels: row.IsDBNull(3) ? null : JsonSerializer.Deserialize(row.GetString(3), Json.IReadOnlyListString),
        Created: StoredTime.Parse(row.GetString(4)),
        Updated: StoredTime.Parse(row.GetString(5)),
        LatestVersion: row.IsDBNull(6) ? null : row.GetInt32(6),
        VersionCount: row.GetInt32(7),
        Aliases: JsonSerializer.Deserialize(row.GetString(8), Json.IReadOnlyDictionaryStringInt32)!);

    public static ModelVersionInfo ReadVersion(SqliteDataReader row) => new(
        Model: row.GetString(0),
        Version: row.GetInt32(1),
        Digest: row.GetString(2),
        Size: row.GetInt64(3),
        Created: StoredTime.Parse(row.GetString(4)),
        Signature: JsonSerializer.Deserialize(row.GetString(5), Json.ModelSignature)!,
        Aliases: JsonSerializer.Deserialize(row.GetString(6), Json.IReadOnlyListString)!,
        Lineage: TrainingRows.ReadLineage(row, 7));

    public static string TagsJson(IReadOnlyDictionary<string, string>? tags) =>
        JsonSerializer.Serialize(tags ?? new Dictionary<string, string>(), Json.IReadOnlyDictionaryStringString);

    /// <summary>No labels and an empty list mean the same thing, so both are stored as NULL.</summary>
    public static string? LabelsJson(IReadOnlyList<string>? labels) =>
        labels is null or { Count: 0 } ? null : JsonSerializer.Serialize(labels, Json.IReadOnlyListString);

    public static string SignatureJson(ModelSignature signature) =>
        JsonSerializer.Serialize(signature, Json.ModelSignature);

    /// <summary>Reads the first row of a query as a model, or <c>null</c> when there is none.</summary>
    public static async Task<ModelInfo?> ReadModelOrNullAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadModel(reader) : null;
    }

    /// <summary>Reads the first row of a query as a version, or <c>null</c> when there is none.</summary>
    public static async Task<ModelVersionInfo?> ReadVersionOrNullAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadVersion(reader) : null;
    }
}
