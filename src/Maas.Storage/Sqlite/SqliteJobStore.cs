using Maas.Core;
using Maas.Core.Training;
using Microsoft.Data.Sqlite;

namespace Maas.Storage.Sqlite;

/// <summary>Training jobs on SQLite: the <c>jobs</c> table and the append-only <c>job_logs</c>.</summary>
internal sealed class SqliteJobStore(SqliteDatabase database) : IJobStore
{
    /// <inheritdoc />
    public async Task<StoredJob> CreateJobAsync(NewJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var created = StoredTime.Format(database.UtcNow());
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        await using (var insert = transaction.Command("""
            INSERT INTO jobs (id, state, spec, register_model, dataset, dataset_version, dataset_digest, owner_key_id, created, progress)
            VALUES ($id, 'queued', $spec, $register, $dataset, $datasetVersion, $datasetDigest, $owner, $created, $progress);
            """))
        {
            await insert.With("$id", job.Id)
                .With("$spec", job.SpecJson)
                .With("$register", job.RegisterModel)
                .With("$dataset", job.Dataset)
                .With("$datasetVersion", job.DatasetVersion)
                .With("$datasetDigest", job.DatasetDigest)
                .With("$owner", job.OwnerKeyId)
                .With("$created", created)
                .With("$progress", TrainingRows.ProgressJson(JobProgress.None))
                .ExecuteNonQueryAsync(cancellationToken);
        }

        var stored = await ReadJobAsync(transaction.Command(TrainingRows.SelectJobs + " WHERE id = $id;").With("$id", job.Id), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored!;
    }

    /// <inheritdoc />
    public async Task<StoredJob?> GetJobAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        return await ReadJobAsync(connection.Command(TrainingRows.SelectJobs + " WHERE id = $id;").With("$id", id), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredJob>> ListJobsAsync(JobState? state, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var query = connection.Command(TrainingRows.SelectJobs + " WHERE ($state IS NULL OR state = $state) ORDER BY created DESC, id DESC;")
            .With("$state", state is { } s ? TrainingRows.StateName(s) : null);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var jobs = new List<StoredJob>();
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(TrainingRows.ReadJob(reader));
        }

        return jobs;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Paging is by key, not offset: a page starts strictly after the (created, id) of <paramref name="afterId"/>, so
    /// jobs submitted between calls never shift later pages. An unknown <paramref name="afterId"/> gives an empty page.
    /// </remarks>
    public async Task<StoredJobPage> ListJobsPageAsync(JobState? state, int pageSize, string? afterId, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, Core.Registry.RegistryLimits.MaxPageSize);
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var query = connection.Command(TrainingRows.SelectJobs + """
             WHERE ($state IS NULL OR state = $state)
               AND ($after IS NULL OR (created, id) < (SELECT created, id FROM jobs WHERE id = $after))
             ORDER BY created DESC, id DESC LIMIT $limit;
            """)
            .With("$state", state is { } s ? TrainingRows.StateName(s) : null)
            .With("$after", afterId)
            .With("$limit", pageSize + 1);
        var jobs = new List<StoredJob>(pageSize + 1);
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                jobs.Add(TrainingRows.ReadJob(reader));
            }
        }

        // One row more than asked for says another page exists, without a second query.
        if (jobs.Count <= pageSize)
        {
            return new StoredJobPage(jobs, null);
        }

        jobs.RemoveAt(pageSize);
        return new StoredJobPage(jobs, jobs[^1].Info.Id);
    }

    /// <inheritdoc />
    public async Task<int> CountActiveJobsAsync(string ownerKeyId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var query = connection.Command("SELECT COUNT(*) FROM jobs WHERE owner_key_id = $owner AND state IN ('queued', 'running');")
            .With("$owner", ownerKeyId);
        return Convert.ToInt32(await query.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task<StoredJob?> TryStartJobAsync(string id, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        var started = await ReadJobAsync(transaction.Command(
            "UPDATE jobs SET state = 'running', started = COALESCE(started, $now) WHERE id = $id AND state = 'queued' RETURNING " + TrainingRows.JobColumns + ";")
            .With("$id", id).With("$now", StoredTime.Format(database.UtcNow())), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return started;
    }

    /// <inheritdoc />
    public async Task SaveJobProgressAsync(string id, JobProgress progress, IReadOnlyList<JobEpoch> history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(history);
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        await using (var update = transaction.Command("UPDATE jobs SET progress = $progress, history = $history WHERE id = $id AND state = 'running';"))
        {
            await update.With("$id", id)
                .With("$progress", TrainingRows.ProgressJson(progress))
                .With("$history", TrainingRows.HistoryJson(history))
                .ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<string?> SaveJobCheckpointAsync(string id, string digest, int epoch, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        string? previous;
        await using (var read = transaction.Command("SELECT checkpoint FROM jobs WHERE id = $id;").With("$id", id))
        {
            previous = await read.ExecuteScalarAsync(cancellationToken) as string;
        }

        await using (var update = transaction.Command("UPDATE jobs SET checkpoint = $digest, checkpoint_epoch = $epoch WHERE id = $id;"))
        {
            if (await update.With("$id", id).With("$digest", digest).With("$epoch", epoch).ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw MaasErrors.JobNotFound(id);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return previous == digest ? null : previous;
    }

    /// <inheritdoc />
    public async Task<(bool Finished, string? Checkpoint)> FinishJobAsync(string id, JobOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        string? checkpoint;
        bool active;
        await using (var read = transaction.Command("SELECT state, checkpoint FROM jobs WHERE id = $id;").With("$id", id))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw MaasErrors.JobNotFound(id);
            }

            active = reader.GetString(0) is "queued" or "running";
            checkpoint = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        if (!active)
        {
            return (false, null);
        }

        await using (var update = transaction.Command("""
            UPDATE jobs SET state = $state, finished = $now, metrics = $metrics, result_model = $model, result_version = $version,
                            error = $error, checkpoint = NULL, checkpoint_epoch = NULL
             WHERE id = $id;
            """))
        {
            await update.With("$id", id)
                .With("$state", TrainingRows.StateName(outcome.State))
                .With("$now", StoredTime.Format(database.UtcNow()))
                .With("$metrics", TrainingRows.MetricsJson(outcome.Metrics))
                .With("$model", outcome.Result?.Model)
                .With("$version", outcome.Result?.Version)
                .With("$error", outcome.Error)
                .ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (true, checkpoint);
    }

    /// <inheritdoc />
    public async Task<bool> CancelQueuedJobAsync(string id, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        int changed;
        await using (var update = transaction.Command("""
            UPDATE jobs SET state = 'cancelled', finished = $now, checkpoint = NULL WHERE id = $id AND state = 'queued';
            """))
        {
            changed = await update.With("$id", id).With("$now", StoredTime.Format(database.UtcNow())).ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return changed > 0;
    }

    /// <inheritdoc />
    public async Task<int> RequeueRunningJobsAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        int changed;
        await using (var update = transaction.Command("UPDATE jobs SET state = 'queued' WHERE state = 'running';"))
        {
            changed = await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <inheritdoc />
    public async Task AppendJobLogAsync(string id, IReadOnlyList<JobLogLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return;
        }

        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        await using var insert = transaction.Command("INSERT INTO job_logs (job_id, time, message) VALUES ($id, $time, $message);");
        insert.With("$id", id);
        var time = insert.Parameters.Add("$time", SqliteType.Text);
        var message = insert.Parameters.Add("$message", SqliteType.Text);
        foreach (var line in lines)
        {
            time.Value = StoredTime.Format(line.Time);
            message.Value = line.Message;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobLogLine>> ReadJobLogAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var query = connection.Command("SELECT time, message FROM job_logs WHERE job_id = $id ORDER BY id;").With("$id", id);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var lines = new List<JobLogLine>();
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(new JobLogLine(StoredTime.Parse(reader.GetString(0)), reader.GetString(1)));
        }

        return lines;
    }

    /// <summary>Runs a query for one whole job row and disposes it; <c>null</c> when no row came back.</summary>
    private static async Task<StoredJob?> ReadJobAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? TrainingRows.ReadJob(reader) : null;
        }
    }
}
