namespace Maas.Training.Evaluation;

/// <summary>
/// The metrics recorded for a trained model on each split, named as in the API: <c>accuracy</c>, <c>precision</c>,
/// <c>recall</c>, <c>f1</c>, <c>roc_auc</c> for classifiers and <c>mse</c>, <c>mae</c>, <c>r2</c> for regression.
/// Definitions follow scikit-learn's defaults, so figures can be compared with a PyTorch/sklearn baseline.
/// </summary>
internal static class Metrics
{
    /// <summary>
    /// Classification metrics from true class indices and predicted class probabilities.
    /// </summary>
    /// <param name="labels">Each row's true class in [0, <paramref name="classes"/>).</param>
    /// <param name="probabilities">Row-major [N, classes] scores; for <paramref name="classes"/> = 2 a length-N array of
    /// the positive class's probability is also accepted.</param>
    /// <param name="classes">The number of classes (≥ 2).</param>
    /// <returns>
    /// <c>accuracy</c>; <c>precision</c>, <c>recall</c>, <c>f1</c> for class 1 when binary and macro-averaged over the
    /// classes that occur in the labels or predictions when multiclass (a ratio with a zero denominator counts 0);
    /// <c>roc_auc</c> (Mann–Whitney rank statistic, ties averaged; multiclass: the mean one-vs-rest AUC over classes
    /// that have both positive and negative rows), omitted when undefined (only one class present). The prediction
    /// is the arg-max (ties to the lower class). Empty when there are no rows.
    /// </returns>
    public static IReadOnlyDictionary<string, double> Classification(int[] labels, float[] probabilities, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        var n = labels.Length;
        var binaryColumn = classes == 2 && probabilities.Length == n && n > 0;
        if (!binaryColumn && probabilities.Length != (long)n * classes)
        {
            throw new ArgumentException($"Expected {n}×{classes} probabilities, got {probabilities.Length}.", nameof(probabilities));
        }

        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (n == 0)
        {
            return result;
        }

        var scores = binaryColumn ? ExpandBinary(probabilities) : probabilities;
        var predicted = new int[n];
        var confusion = new long[classes, classes];
        var correct = 0;
        for (var i = 0; i < n; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentException($"Label {labels[i]} at row {i} is outside [0, {classes}).", nameof(labels));
            }

            predicted[i] = ArgMax(scores.AsSpan(i * classes, classes));
            confusion[labels[i], predicted[i]]++;
            correct += labels[i] == predicted[i] ? 1 : 0;
        }

        result["accuracy"] = (double)correct / n;
        var (precision, recall, f1) = classes == 2 ? ClassScores(confusion, 1) : MacroScores(confusion);
        result["precision"] = precision;
        result["recall"] = recall;
        result["f1"] = f1;
        if (RocAuc(labels, scores, classes) is { } auc)
        {
            result["roc_auc"] = auc;
        }

        return result;
    }

    /// <summary>Regression metrics: <c>mse</c>, <c>mae</c> and <c>r2</c> (1 − SS_res/SS_tot; for a constant target 1 when the predictions are exact, else 0). Empty when there are no rows.</summary>
    public static IReadOnlyDictionary<string, double> Regression(float[] targets, float[] predictions)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(predictions);
        if (targets.Length != predictions.Length)
        {
            throw new ArgumentException($"{targets.Length} targets but {predictions.Length} predictions.", nameof(predictions));
        }

        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        var n = targets.Length;
        if (n == 0)
        {
            return result;
        }

        double mean = 0;
        foreach (var t in targets)
        {
            mean += t;
        }

        mean /= n;
        double squared = 0, absolute = 0, total = 0;
        for (var i = 0; i < n; i++)
        {
            var error = (double)targets[i] - predictions[i];
            squared += error * error;
            absolute += Math.Abs(error);
            var spread = targets[i] - mean;
            total += spread * spread;
        }

        result["mse"] = squared / n;
        result["mae"] = absolute / n;
        result["r2"] = total > 0 ? 1 - (squared / total) : squared == 0 ? 1 : 0;
        return result;
    }

    private static float[] ExpandBinary(float[] positive)
    {
        var scores = new float[positive.Length * 2];
        for (var i = 0; i < positive.Length; i++)
        {
            scores[2 * i] = 1 - positive[i];
            scores[(2 * i) + 1] = positive[i];
        }

        return scores;
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var k = 1; k < row.Length; k++)
        {
            if (row[k] > row[best])
            {
                best = k;
            }
        }

        return best;
    }

    private static (double Precision, double Recall, double F1) ClassScores(long[,] confusion, int c)
    {
        long truePositive = confusion[c, c], predictedPositive = 0, actualPositive = 0;
        for (var k = 0; k < confusion.GetLength(0); k++)
        {
            predictedPositive += confusion[k, c];
            actualPositive += confusion[c, k];
        }

        var precision = predictedPositive == 0 ? 0 : (double)truePositive / predictedPositive;
        var recall = actualPositive == 0 ? 0 : (double)truePositive / actualPositive;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (precision, recall, f1);
    }

    private static (double Precision, double Recall, double F1) MacroScores(long[,] confusion)
    {
        double precision = 0, recall = 0, f1 = 0;
        var counted = 0;
        for (var c = 0; c < confusion.GetLength(0); c++)
        {
            long occurrences = 0;
            for (var k = 0; k < confusion.GetLength(0); k++)
            {
                occurrences += confusion[c, k] + confusion[k, c];
            }

            if (occurrences == 0)
            {
                continue;
            }

            var scores = ClassScores(confusion, c);
            precision += scores.Precision;
            recall += scores.Recall;
            f1 += scores.F1;
            counted++;
        }

        return (precision / counted, recall / counted, f1 / counted);
    }

    private static double? RocAuc(int[] labels, float[] scores, int classes)
    {
        if (classes == 2)
        {
            return BinaryAuc(labels, scores, classes, 1);
        }

        double sum = 0;
        var counted = 0;
        for (var c = 0; c < classes; c++)
        {
            if (BinaryAuc(labels, scores, classes, c) is { } auc)
            {
                sum += auc;
                counted++;
            }
        }

        return counted == 0 ? null : sum / counted;
    }

    /// <summary>
    /// One-vs-rest AUC of class <paramref name="c"/>: (rank sum of the positives − n₊(n₊+1)/2) / (n₊·n₋), with tied
    /// scores given their average rank; null unless both positives and negatives exist.
    /// </summary>
    private static double? BinaryAuc(int[] labels, float[] scores, int classes, int c)
    {
        var n = labels.Length;
        var order = new int[n];
        var keys = new float[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
            keys[i] = scores[(i * classes) + c];
        }

        Array.Sort(keys, order);
        double positiveRankSum = 0;
        long positives = 0;
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end + 1 < n && keys[end + 1] == keys[start])
            {
                end++;
            }

            var averageRank = ((start + end) / 2.0) + 1;
            for (var j = start; j <= end; j++)
            {
                if (labels[order[j]] == c)
                {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }

            start = end + 1;
        }

        var negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }
}
