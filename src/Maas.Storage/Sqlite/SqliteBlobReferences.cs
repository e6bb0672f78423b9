using Maas.Core.Storage;

namespace Maas.Storage.Sqlite;

/// <summary>The blob references of every aggregate, read in one statement so the answer is one snapshot.</summary>
internal sealed class SqliteBlobReferences(SqliteDatabase database) : IBlobReferences
{
    /// <summary>
    /// Every digest a row refers to, as one <c>digest</c> column: model versions, dataset versions, and for jobs that
    /// are queued or running, their dataset's blob (so deleting the dataset version mid-job does not pull the data
    /// away) and their last checkpoint.
    /// </summary>
    private const string ReferencedDigests = """
        SELECT digest FROM versions
        UNION ALL SELECT digest FROM dataset_versions
        UNION ALL SELECT dataset_digest AS digest FROM jobs WHERE state IN ('queued', 'running')
        UNION ALL SELECT checkpoint AS digest FROM jobs WHERE checkpoint IS NOT NULL
        """;

    /// <inheritdoc />
    public async Task<bool> IsBlobReferencedAsync(string digest, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var query = connection.Command("SELECT EXISTS (SELECT 1 FROM (" + ReferencedDigests + ") WHERE digest = $digest);").With("$digest", digest);
        return SqliteDialect.IsTrue(await query.ExecuteScalarAsync(cancellationToken));
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> ListReferencedDigestsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var query = connection.Command("SELECT DISTINCT digest FROM (" + ReferencedDigests + ");");
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var digests = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            digests.Add(reader.GetString(0));
        }

        return digests;
    }
}
