using Maas.Training.Evaluation;

namespace Maas.Training.Tests.Evaluation;

public sealed class MetricsTests
{
    [Fact]
    public void Classification_Binary_MatchesHandComputedFigures()
    {
        // Predictions (p > 0.5): 0, 0, 0, 1 → TP 1, FP 0, FN 1, TN 2. AUC: 3 of 4 positive/negative pairs are ordered.
        var metrics = Metrics.Classification([0, 0, 1, 1], [0.1f, 0.4f, 0.35f, 0.8f], 2);

        Assert.Equal(0.75, metrics["accuracy"], 12);
        Assert.Equal(1.0, metrics["precision"], 12);
        Assert.Equal(0.5, metrics["recall"], 12);
        Assert.Equal(2.0 / 3, metrics["f1"], 12);
        Assert.Equal(0.75, metrics["roc_auc"], 12);
    }

    [Fact]
    public void Classification_BinaryTwoColumns_AveragesTiedScores()
    {
        // Positives score 0.5 and 0.9, negatives 0.5 and 0.2: pairs 0.5 (tie) + 1 + 1 + 1 = 3.5 of 4.
        float[] probabilities = [0.5f, 0.5f, 0.5f, 0.5f, 0.8f, 0.2f, 0.1f, 0.9f];

        var metrics = Metrics.Classification([0, 1, 0, 1], probabilities, 2);

        Assert.Equal(0.875, metrics["roc_auc"], 12);
        Assert.Equal(0.75, metrics["accuracy"], 12); // a 0.5/0.5 tie predicts class 0
    }

    [Fact]
    public void Classification_Multiclass_MacroAveragesHandComputedFigures()
    {
        float[] probabilities =
        [
            0.7f, 0.2f, 0.1f,
            0.2f, 0.5f, 0.3f,
            0.1f, 0.3f, 0.6f,
            0.3f, 0.4f, 0.3f,
            0.6f, 0.3f, 0.1f,
            0.5f, 0.25f, 0.25f,
        ];

        var metrics = Metrics.Classification([0, 1, 2, 2, 1, 0], probabilities, 3);

        Assert.Equal(4.0 / 6, metrics["accuracy"], 12);
        Assert.Equal(((2.0 / 3) + 0.5 + 1) / 3, metrics["precision"], 12);
        Assert.Equal((1 + 0.5 + 0.5) / 3, metrics["recall"], 12);
        Assert.Equal((0.8 + 0.5 + (2.0 / 3)) / 3, metrics["f1"], 12);
        Assert.Equal((0.875 + 0.8125 + 0.9375) / 3, metrics["roc_auc"], 12);
    }

    [Fact]
    public void Classification_OneClassPresent_OmitsRocAucAndScoresZeroDivisionAsZero()
    {
        var metrics = Metrics.Classification([0, 0, 0], [0.2f, 0.3f, 0.1f], 2);

        Assert.False(metrics.ContainsKey("roc_auc"));
        Assert.Equal(1.0, metrics["accuracy"]);
        Assert.Equal(0.0, metrics["precision"]);
        Assert.Equal(0.0, metrics["f1"]);
    }

    [Fact]
    public void Classification_NoRows_IsEmpty()
    {
        Assert.Empty(Metrics.Classification([], [], 3));
    }

    [Fact]
    public void Classification_WrongProbabilityCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => Metrics.Classification([0, 1], [0.1f, 0.2f, 0.3f], 3));
    }

    [Fact]
    public void Regression_MatchesHandComputedFigures()
    {
        // Errors 0.5, −0.5, 0, −1: MSE 1.5/4, MAE 2/4; SS_tot = 29.1875 around the mean 2.875.
        var metrics = Metrics.Regression([3f, -0.5f, 2f, 7f], [2.5f, 0f, 2f, 8f]);

        Assert.Equal(0.375, metrics["mse"], 12);
        Assert.Equal(0.5, metrics["mae"], 12);
        Assert.Equal(1 - (1.5 / 29.1875), metrics["r2"], 12);
    }

    [Fact]
    public void Regression_ConstantTarget_ScoresR2OneOnlyWhenExact()
    {
        Assert.Equal(1.0, Metrics.Regression([2f, 2f], [2f, 2f])["r2"]);
        Assert.Equal(0.0, Metrics.Regression([2f, 2f], [2f, 3f])["r2"]);
    }
}
