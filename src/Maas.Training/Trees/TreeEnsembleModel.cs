using Maas.Core.Training;
using Maas.Training.Data;

namespace Maas.Training.Trees;

/// <summary>
/// A gradient-boosted tree model trained by <see cref="GbdtTrainer"/>: one FastTree ensemble for regression and binary
/// classification, one per class (one-versus-rest) for multiclass. It computes exactly what ML.NET's own prediction
/// engine computes and writes itself into an ONNX graph with <see cref="AppendTo"/>.
/// </summary>
internal sealed partial class TreeEnsembleModel
{
    private readonly IReadOnlyList<BoostedEnsemble> _ensembles;

    internal TreeEnsembleModel(TaskKind task, int width, IReadOnlyList<BoostedEnsemble> ensembles)
    {
        Task = task;
        Width = width;
        _ensembles = ensembles;
    }

    /// <summary>The task the model was trained for.</summary>
    public TaskKind Task { get; }

    /// <summary>The number of input features (columns of the preprocessed feature matrix).</summary>
    public int Width { get; }

    /// <summary>Columns of the output: 1 for regression, 2 for binary ([1 − p, p]), the class count for multiclass.</summary>
    public int Outputs => Task switch
    {
        TaskKind.Regression => 1,
        TaskKind.Binary => 2,
        _ => _ensembles.Count,
    };

    /// <summary>Trees over all ensembles (for multiclass, the per-class ensembles together).</summary>
    public int TreeCount => _ensembles.Sum(e => e.Trees.Count);

    internal IReadOnlyList<BoostedEnsemble> Ensembles => _ensembles;

    /// <summary>
    /// Predicts every row of <paramref name="data"/> in managed code, returning a row-major [Rows, <see cref="Outputs"/>]
    /// matrix: the regression value, or class probabilities (binary [1 − p, p]). Equals ML.NET's predictions
    /// (Score for regression, Probability for binary, one-versus-all normalised probabilities for multiclass).
    /// </summary>
    public float[] Predict(SplitData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Width != Width)
        {
            throw new ArgumentException($"The data has {data.Width} features; the model takes {Width}.", nameof(data));
        }

        var outputs = Outputs;
        var result = new float[data.Rows * outputs];
        var probabilities = new float[_ensembles.Count];
        for (var row = 0; row < data.Rows; row++)
        {
            var features = data.Row(row);
            var target = result.AsSpan(row * outputs, outputs);
            if (Task == TaskKind.Regression)
            {
                target[0] = _ensembles[0].Score(features);
                continue;
            }

            for (var k = 0; k < _ensembles.Count; k++)
            {
                var ensemble = _ensembles[k];
                probabilities[k] = ensemble.Calibration!.Probability(ensemble.Score(features));
            }

            if (Task == TaskKind.Binary)
            {
                target[0] = 1 - probabilities[0];
                target[1] = probabilities[0];
            }
            else
            {
                Normalise(probabilities, target);
            }
        }

        return result;
    }

    /// <summary>ML.NET's one-versus-all "probability normalisation": p_k / Σ p_j (sum in double), zeros kept when Σ = 0.</summary>
    private static void Normalise(ReadOnlySpan<float> probabilities, Span<float> target)
    {
        double sum = 0;
        foreach (var p in probabilities)
        {
            sum += p;
        }

        for (var k = 0; k < probabilities.Length; k++)
        {
            target[k] = sum > 0 ? (float)(probabilities[k] / sum) : probabilities[k];
        }
    }
}
