using Maas.Core;
using Maas.Core.Training;
using Maas.Training.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Maas.Training.Trees;

/// <summary>
/// Trains gradient-boosted trees with ML.NET FastTree and copies them out through ML.NET's public model parameters.
/// Regression uses FastTreeRegression; binary uses FastTreeBinary (raw score + ML.NET's Platt calibrator); multiclass
/// trains one FastTreeBinary per class against the rest, in class order, in one seeded ML.NET context — the same
/// models ML.NET's <c>OneVersusAll(FastTreeBinary)</c> trains — and normalises their probabilities to sum to one as
/// that trainer does.
/// </summary>
internal static class GbdtTrainer
{
    /// <summary>
    /// Trains on <paramref name="train"/> (classifier targets are class indices 0 … <paramref name="classes"/> − 1).
    /// Training is single-threaded so that the same data, spec and <paramref name="seed"/> give the same trees.
    /// </summary>
    /// <param name="train">The preprocessed training split.</param>
    /// <param name="task">Regression, binary (targets 0/1, <paramref name="classes"/> = 2) or multiclass.</param>
    /// <param name="classes">The class count for classifiers; ignored for regression.</param>
    /// <param name="spec">Trees (boosting rounds), leaves per tree, learning rate, minimum rows per leaf.</param>
    /// <param name="seed">Seeds FastTree's feature binning sample and its other random choices.</param>
    /// <param name="treesBuilt">
    /// Receives boosting rounds completed, non-decreasing, from 1 up to and ending with <c>spec.Trees</c>. For
    /// multiclass, whose classes are trained one after another, a tree counts 1/K of a round.
    /// </param>
    /// <param name="ct">Cancels training between trees (throws <see cref="OperationCanceledException"/>).</param>
    public static TreeEnsembleModel Train(
        SplitData train,
        TaskKind task,
        int classes,
        GbdtSpec spec,
        long seed,
        IProgress<int>? treesBuilt,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(spec);
        Check(train, task, classes, spec);
        ct.ThrowIfCancellationRequested();

        var ensembleCount = task == TaskKind.Multiclass ? classes : 1;
        var progress = new RoundCounter(treesBuilt, spec.Trees, ensembleCount);
        var ml = new MLContext(ContextSeed(seed));

        // FastTree has no cancellation or per-tree callback; it does log a trace line per tree from the boosting loop,
        // and an exception thrown from the log handler (raised synchronously by the logging thread) aborts training.
        // Only throw on this thread: an exception on one of ML.NET's worker threads could go unobserved.
        var trainingThread = Environment.CurrentManagedThreadId;
        ml.Log += (_, e) =>
        {
            if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Trace && e.Message.Contains(TreeTrace, StringComparison.Ordinal))
            {
                progress.TreeDone();
                if (Environment.CurrentManagedThreadId == trainingThread)
                {
                    ct.ThrowIfCancellationRequested();
                }
            }
        };

        var rows = Rows(train);
        var ensembles = new List<BoostedEnsemble>(ensembleCount);
        switch (task)
        {
            case TaskKind.Regression:
                var regression = ml.Regression.Trainers.FastTree(RegressionOptions(spec, seed))
                    .Fit(ml.Data.LoadFromEnumerable(RegressionRows(rows, train.Targets), Schema<RegressionRow>(train.Width)));
                ensembles.Add(BoostedEnsemble.From(regression.Model.TrainedTreeEnsemble, calibrator: null));
                break;
            case TaskKind.Binary:
                ensembles.Add(TrainBinary(ml, rows, train.Targets, 1, spec, seed));
                break;
            default:
                for (var k = 0; k < classes; k++)
                {
                    ct.ThrowIfCancellationRequested();
                    ensembles.Add(TrainBinary(ml, rows, train.Targets, k, spec, seed));
                    progress.EnsembleDone(k + 1);
                }

                break;
        }

        ct.ThrowIfCancellationRequested();

        // FastTree returns an empty ensemble (a constant 0 score) when no split is possible, e.g. constant features.
        if (ensembles.Any(e => e.Trees.Count == 0))
        {
            throw new MaasException(ErrorCode.InvalidArgument, "gbdt: FastTree found no split in the training data (are the features constant?).");
        }

        progress.Finish();
        return new TreeEnsembleModel(task, train.Width, ensembles);
    }

    /// <summary>The text of FastTree's trace line per tree built ("numTotalTrees left: …").</summary>
    private const string TreeTrace = "numTotalTrees left";

    /// <summary>ML.NET's context seed (an int) for a job seed: the two halves folded together.</summary>
    internal static int ContextSeed(long seed) => unchecked((int)(seed ^ (seed >>> 32)));

    /// <summary>FastTree options for regression; the tests build ML.NET's own model from the same options.</summary>
    internal static FastTreeRegressionTrainer.Options RegressionOptions(GbdtSpec spec, long seed) => new()
    {
        NumberOfTrees = spec.Trees,
        NumberOfLeaves = spec.Leaves,
        LearningRate = spec.LearningRate,
        MinimumExampleCountPerLeaf = spec.MinSamplesPerLeaf,
        NumberOfThreads = 1,
        Seed = ContextSeed(seed),
        FeatureSelectionSeed = ContextSeed(seed),
    };

    /// <summary>FastTree options for each binary (and one-versus-rest) model.</summary>
    internal static FastTreeBinaryTrainer.Options BinaryOptions(GbdtSpec spec, long seed) => new()
    {
        NumberOfTrees = spec.Trees,
        NumberOfLeaves = spec.Leaves,
        LearningRate = spec.LearningRate,
        MinimumExampleCountPerLeaf = spec.MinSamplesPerLeaf,
        NumberOfThreads = 1,
        Seed = ContextSeed(seed),
        FeatureSelectionSeed = ContextSeed(seed),
    };

    /// <summary>The ML.NET schema of the row classes: a fixed-size float vector "Features" and the "Label".</summary>
    internal static SchemaDefinition Schema<TRow>(int width)
    {
        var schema = SchemaDefinition.Create(typeof(TRow));
        schema[nameof(RegressionRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    /// <summary>One array per row, shared by every per-class view of the data.</summary>
    internal static float[][] Rows(SplitData data)
    {
        var rows = new float[data.Rows][];
        for (var i = 0; i < data.Rows; i++)
        {
            rows[i] = data.Row(i).ToArray();
        }

        return rows;
    }

    internal static List<RegressionRow> RegressionRows(float[][] rows, float[] targets) =>
        rows.Select((x, i) => new RegressionRow { Features = x, Label = targets[i] }).ToList();

    /// <summary>Rows labelled true where the target is class <paramref name="positive"/>.</summary>
    internal static List<BinaryRow> BinaryRows(float[][] rows, float[] targets, int positive) =>
        rows.Select((x, i) => new BinaryRow { Features = x, Label = (int)targets[i] == positive }).ToList();

    private static BoostedEnsemble TrainBinary(MLContext ml, float[][] rows, float[] targets, int positive, GbdtSpec spec, long seed)
    {
        var data = ml.Data.LoadFromEnumerable(BinaryRows(rows, targets, positive), Schema<BinaryRow>(rows[0].Length));
        var model = ml.BinaryClassification.Trainers.FastTree(BinaryOptions(spec, seed)).Fit(data).Model;
        return BoostedEnsemble.From(model.SubModel.TrainedTreeEnsemble, model.Calibrator);
    }

    private static void Check(SplitData train, TaskKind task, int classes, GbdtSpec spec)
    {
        if (train.Rows < 1 || train.Width < 1 || train.Features.Length != (long)train.Rows * train.Width || train.Targets.Length != train.Rows)
        {
            throw new ArgumentException($"The training data must have at least one row and one feature ({train.Rows} rows × {train.Width}).", nameof(train));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Trees, 1, nameof(spec));
        if (train.Rows < 2L * spec.MinSamplesPerLeaf)
        {
            throw new MaasException(
                ErrorCode.InvalidArgument,
                $"gbdt: {train.Rows} training rows cannot make two leaves of at least {spec.MinSamplesPerLeaf} rows (minSamplesPerLeaf); add rows or lower it.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Leaves, 2, nameof(spec));
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.MinSamplesPerLeaf, 1, nameof(spec));
        if (!(spec.LearningRate > 0) || double.IsInfinity(spec.LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(spec), spec.LearningRate, "The learning rate must be positive and finite.");
        }

        switch (task)
        {
            case TaskKind.Regression:
                if (train.Targets.Any(t => !float.IsFinite(t)))
                {
                    throw new ArgumentException("Regression targets must be finite.", nameof(train));
                }

                return;
            case TaskKind.Binary when classes != 2:
                throw new ArgumentOutOfRangeException(nameof(classes), classes, "A binary classifier has 2 classes.");
            case TaskKind.Multiclass when classes < 2:
                throw new ArgumentOutOfRangeException(nameof(classes), classes, "A multiclass classifier needs at least 2 classes.");
            case TaskKind.Binary or TaskKind.Multiclass:
                if (train.Targets.Any(t => t < 0 || t >= classes || t != MathF.Floor(t)))
                {
                    throw new ArgumentException($"Classifier targets must be class indices 0 … {classes - 1}.", nameof(train));
                }

                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown task.");
        }
    }

    /// <summary>Turns per-tree events into non-decreasing boosting-round counts (see <see cref="Train"/>).</summary>
    /// <remarks>Locked because ML.NET may log from a worker thread; reports are made under the lock, in order.</remarks>
    private sealed class RoundCounter(IProgress<int>? sink, int rounds, int ensembles)
    {
        private readonly Lock _lock = new();
        private int _trees;
        private int _reported;

        public void TreeDone()
        {
            lock (_lock)
            {
                _trees++;

                // Stop one short: the final count is reported only once the model is complete.
                Report(Math.Min(_trees / ensembles, rounds - 1));
            }
        }

        /// <summary>FastTree may stop before spec.Trees trees; resynchronise at each class boundary.</summary>
        public void EnsembleDone(int completed)
        {
            lock (_lock)
            {
                _trees = completed * rounds;
                Report(Math.Min(_trees / ensembles, rounds - 1));
            }
        }

        public void Finish()
        {
            lock (_lock)
            {
                Report(rounds);
            }
        }

        private void Report(int value)
        {
            if (value > _reported)
            {
                _reported = value;
                sink?.Report(value);
            }
        }
    }
}
