using System.Text.Json;
using Maas.Core.Training;
using Microsoft.Data.Sqlite;

namespace Maas.Storage.Sqlite;

/// <summary>The column lists of the training tables and the mapping of their rows to records.</summary>
internal static class TrainingRows
{
    /// <summary>A dataset version; append FROM over <c>datasets d</c> and <c>dataset_versions v</c>.</summary>
    public const string DatasetVersionColumns = "SELECT d.name, v.version, v.digest, v.size, v.created, v.rows, v.schema";

    /// <summary>The columns of a whole job row, in the order <see cref="ReadJob"/> reads them.</summary>
    public const string JobColumns = """
        id, state, spec, created, started, finished, progress, history, metrics, result_model, result_version, error,
        owner_key_id, register_model, dataset_version, dataset_digest, checkpoint, checkpoint_epoch
        """;

    /// <summary>Whole job rows; append a WHERE clause.</summary>
    public const string SelectJobs = "SELECT " + JobColumns + " FROM jobs";

    private static StorageJsonContext Json => StorageJsonContext.Default;

    public static DatasetVersionInfo ReadDatasetVersion(SqliteDataReader row) => new(
        Dataset: row.GetString(0),
        Version: row.GetInt32(1),
        Digest: row.GetString(2),
        Size: row.GetInt64(3),
        Created: StoredTime.Parse(row.GetString(4)),
        Rows: row.GetInt64(5),
        Columns: JsonSerializer.Deserialize(row.GetString(6), Json.IReadOnlyListDatasetColumn)!);

    public static string ColumnsJson(IReadOnlyList<DatasetColumn> columns) => JsonSerializer.Serialize(columns, Json.IReadOnlyListDatasetColumn);

    public static string ProgressJson(JobProgress progress) => JsonSerializer.Serialize(progress, Json.JobProgress);

    public static string HistoryJson(IReadOnlyList<JobEpoch> history) => JsonSerializer.Serialize(history, Json.IReadOnlyListJobEpoch);

    public static string? MetricsJson(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? metrics) =>
        metrics is null ? null : JsonSerializer.Serialize(metrics, Json.IReadOnlyDictionaryStringIReadOnlyDictionaryStringDouble);

    public static StoredJob ReadJob(SqliteDataReader row)
    {
        var info = new JobInfo(
            Id: row.GetString(0),
            State: ParseState(row.GetString(1)),
            Spec: ParseJson(row.GetString(2)),
            Created: StoredTime.Parse(row.GetString(3)),
            Started: row.IsDBNull(4) ? null : StoredTime.Parse(row.GetString(4)),
            Finished: row.IsDBNull(5) ? null : StoredTime.Parse(row.GetString(5)),
            Progress: JsonSerializer.Deserialize(row.GetString(6), Json.JobProgress)!,
            History: JsonSerializer.Deserialize(row.GetString(7), Json.IReadOnlyListJobEpoch)!,
            Metrics: ReadMetrics(row, 8),
            Result: row.IsDBNull(9) ? null : new JobResult(row.GetString(9), row.GetInt32(10)),
            Error: row.IsDBNull(11) ? null : row.GetString(11));
        return new StoredJob(
            info,
            OwnerKeyId: row.GetString(12),
            RegisterModel: row.GetString(13),
            DatasetVersion: row.GetInt32(14),
            DatasetDigest: row.GetString(15),
            CheckpointDigest: row.IsDBNull(16) ? null : row.GetString(16),
            CheckpointEpoch: row.IsDBNull(17) ? 0 : row.GetInt32(17));
    }

    /// <summary>The lineage columns starting at <paramref name="first"/>, or <c>null</c> for an uploaded version.</summary>
    public static ModelLineage? ReadLineage(SqliteDataReader row, int first) => row.IsDBNull(first)
        ? null
        : new ModelLineage(
            JobId: row.GetString(first),
            Dataset: row.GetString(first + 1),
            DatasetVersion: row.GetInt32(first + 2),
            DatasetDigest: row.GetString(first + 3),
            Spec: ParseJson(row.GetString(first + 4)),
            Metrics: ReadMetrics(row, first + 5));

    public static string StateName(JobState state) => state.ToString().ToLowerInvariant();

    public static JobState ParseState(string text) => Enum.Parse<JobState>(text, ignoreCase: true);

    public static string SpecJson(JsonElement spec) => spec.GetRawText();

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? ReadMetrics(SqliteDataReader row, int ordinal) =>
        row.IsDBNull(ordinal) ? null : JsonSerializer.Deserialize(row.GetString(ordinal), Json.IReadOnlyDictionaryStringIReadOnlyDictionaryStringDouble);

    // Cloned out of its document, so the element outlives the parse.
    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
