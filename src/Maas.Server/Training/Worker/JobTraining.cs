using System.Globalization;
using Maas.Training.Data;
using Maas.Training.Engine;

namespace Maas.Server.Training.Worker;

/// <summary>
/// The part of a job that may run away: parsing the dataset and training. The same code runs in the server's process
/// (isolation <c>in-process</c>) and in a worker process, so a job ends with the same result either way.
/// </summary>
internal static class JobTraining
{
    /// <summary>Reads the CSV, then trains on a dedicated thread with the job's deadline (see <see cref="TrainingRunner"/>).</summary>
    public static async Task<TrainingOutcome> RunAsync(
        Stream csv,
        WorkerStart start,
        ReadOnlyMemory<byte>? checkpoint,
        ITrainingObserver observer,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var spec = TrainingJson.Read(start.Spec);
        var limits = start.Limits;
        var table = await CsvDatasetReader.ReadAsync(csv, new CsvReadLimits(limits.MaxDatasetRows, limits.MaxDatasetColumns), cancellationToken);
        observer.Log(string.Create(CultureInfo.InvariantCulture, $"Loaded version {start.DatasetVersion} of dataset '{start.Dataset}': {table.RowCount} rows, {table.Columns.Count} columns."));
        if (checkpoint is not null)
        {
            observer.Log(string.Create(CultureInfo.InvariantCulture, $"Resuming from the checkpoint after epoch {start.CheckpointEpoch}."));
        }

        var runner = new TrainingRunner(limits, clock);

        // Training is CPU-bound and long: a dedicated thread rather than one borrowed from the pool for minutes.
        return await Task.Factory.StartNew(
            () => runner.RunAsync(table, spec, observer, checkpoint, start.JobStarted, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap();
    }
}
