using System.Globalization;
using Maas.Core.Training;

namespace Maas.Training.Spec;

/// <summary>
/// What a training job is expected to hold in memory at its peak, in parts, so a job over the server's
/// <see cref="TrainingLimits.MaxJobMemoryBytes"/> is refused before it starts with the figures that make it so.
/// </summary>
/// <remarks>
/// An upper estimate built from shapes only (docs/training.md, "Memory"): the dataset as the reader stores it; the
/// preprocessed features (4 bytes per value of every row); the parameters (kept by the trainer and by the session)
/// and their gradients; the optimiser's state (none for SGD, one copy of the parameters for momentum, two for Adam);
/// the activations of one step (the forward pass and the same again for the backward pass, per row of the batch, or a
/// forward pass over an evaluation chunk when that is larger), convolution workspaces; and a fixed allowance for
/// ONNX Runtime itself. Trees count the features four times (the prepared matrix, the rows handed to the tree
/// trainer, its copy and its binned copy) plus their per-row bookkeeping.
/// </remarks>
/// <param name="DatasetBytes">The dataset in memory, as <see cref="Data.DatasetMemory"/> counts it.</param>
/// <param name="FeatureBytes">The preprocessed features and targets of every split.</param>
/// <param name="ParameterBytes">The parameters (twice) and their gradients.</param>
/// <param name="OptimizerBytes">The optimiser's state.</param>
/// <param name="ActivationBytes">The activations of one step, or of the tree trainer's copies of the data.</param>
/// <param name="RuntimeBytes">A fixed allowance for the runtime: ONNX Runtime's sessions, or ML.NET.</param>
public sealed record JobMemoryEstimate(
    long DatasetBytes,
    long FeatureBytes,
    long ParameterBytes,
    long OptimizerBytes,
    long ActivationBytes,
    long RuntimeBytes)
{
    /// <summary>The fixed allowance for ONNX Runtime (sessions, graphs, arena bookkeeping) or ML.NET.</summary>
    public const long RuntimeAllowanceBytes = 96L << 20;

    /// <summary>The sum of the parts.</summary>
    public long TotalBytes => DatasetBytes + FeatureBytes + ParameterBytes + OptimizerBytes + ActivationBytes + RuntimeBytes;

    /// <summary>The parts and the total as one phrase, in MiB: "dataset 1.2 MiB + features … = 130.0 MiB".</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"dataset {Mib(DatasetBytes)} + features {Mib(FeatureBytes)} + parameters and gradients {Mib(ParameterBytes)} + optimiser state {Mib(OptimizerBytes)} + activations {Mib(ActivationBytes)} + runtime {Mib(RuntimeBytes)} = {Mib(TotalBytes)}");

    /// <summary>Formats a byte count in MiB with one decimal.</summary>
    public static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):F1} MiB");

    /// <summary>The estimate for <paramref name="spec"/> trained on the stored <paramref name="dataset"/>, before the data is read.</summary>
    /// <exception cref="Maas.Core.MaasException">The spec's network cannot be laid out (a kernel larger than its input; <see cref="Maas.Core.ErrorCode.InvalidArgument"/>).</exception>
    public static JobMemoryEstimate For(TrainingSpec spec, DatasetVersionInfo dataset)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(dataset);
        return JobMemoryModel.Estimate(spec, DatasetShape.From(spec, dataset));
    }

    /// <summary>The estimate for <paramref name="spec"/> on data already read and prepared: what the job log reports at its start.</summary>
    internal static JobMemoryEstimate For(TrainingSpec spec, Data.DataTable table, Data.PreparedData prepared) =>
        JobMemoryModel.Estimate(spec, new DatasetShape(table.RowCount, Data.DatasetMemory.TableBytes(table), prepared.Plan.Width, Math.Max(1, prepared.ClassCount)));
}
