using Maas.Core;
using Maas.Core.Training;
using Maas.Training.Data;

namespace Maas.Training.Tests.Data;

public sealed class DataPreparationTests
{
    private static readonly SplitSpec AllTrain = new() { Train = 1, Validation = 0, Test = 0 };

    [Fact]
    public async Task Prepare_Iris_InfersMulticlassAndStratifiesExactly()
    {
        var table = await TestTables.FixtureAsync("iris");

        var data = DataPreparation.Prepare(table, TestTables.Spec("species", split: new SplitSpec { Train = 0.6, Validation = 0.2, Test = 0.2 }));

        Assert.Equal(TaskKind.Multiclass, data.Task);
        Assert.Equal(["setosa", "versicolor", "virginica"], data.ClassNames);
        Assert.Equal(4, data.Plan.Width);
        Assert.Equal([30, 30, 30], ClassCounts(data.Train, 3));
        Assert.Equal([10, 10, 10], ClassCounts(data.Validation, 3));
        Assert.Equal([10, 10, 10], ClassCounts(data.Test, 3));
        Assert.Equal(150, data.TrainRows.Concat(data.ValidationRows).Concat(data.TestRows).Distinct().Count());
    }

    [Fact]
    public async Task Prepare_BreastCancer_KeepsClassProportionsInEverySplit()
    {
        var table = await TestTables.FixtureAsync("breast_cancer");

        var data = DataPreparation.Prepare(table, TestTables.Spec("benign"));

        Assert.Equal(TaskKind.Binary, data.Task);
        Assert.Equal(["0", "1"], data.ClassNames);
        var positiveShare = 357.0 / 569;
        foreach (var split in new[] { data.Train, data.Validation, data.Test })
        {
            var positives = ClassCounts(split, 2)[1];
            Assert.True(Math.Abs(positives - (split.Rows * positiveShare)) < 1, $"{positives} of {split.Rows}");
        }

        Assert.Equal(85, data.Validation.Rows); // round(569 × 0.15)
        Assert.Equal(85, data.Test.Rows);
        Assert.Equal(399, data.Train.Rows);
    }

    [Fact]
    public async Task Prepare_SameSeed_GivesTheSameSplit_AndAnotherSeedAnother()
    {
        var table = await TestTables.FixtureAsync("diabetes");

        var first = DataPreparation.Prepare(table, TestTables.Spec("progression", seed: 7));
        var again = DataPreparation.Prepare(table, TestTables.Spec("progression", seed: 7));
        var other = DataPreparation.Prepare(table, TestTables.Spec("progression", seed: 8));

        Assert.Equal(TaskKind.Regression, first.Task);
        Assert.Null(first.ClassNames);
        Assert.Equal(first.TrainRows, again.TrainRows);
        Assert.Equal(first.TestRows, again.TestRows);
        Assert.Equal(first.Train.Features, again.Train.Features);
        Assert.NotEqual(first.TrainRows, other.TrainRows);
        Assert.NotEqual(first.TrainRows.Order(), other.TrainRows.Order());
    }

    [Fact]
    public async Task Prepare_SeedZero_StillShuffles()
    {
        var table = await TestTables.FixtureAsync("iris");

        var data = DataPreparation.Prepare(table, TestTables.Spec("species", seed: 0, split: new SplitSpec { Train = 0.5, Validation = 0.5, Test = 0, Stratify = false }));

        Assert.NotEqual(Enumerable.Range(0, 75), data.TrainRows.Order());
        Assert.Empty(data.TestRows);
        Assert.Equal(0, data.Test.Rows);
    }

    [Fact]
    public async Task Prepare_Digits_InfersTenClassesFromWholeNumbers()
    {
        var table = await TestTables.FixtureAsync("digits");

        var data = DataPreparation.Prepare(table, TestTables.Spec("digit"));

        Assert.Equal(TaskKind.Multiclass, data.Task);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), data.ClassNames);
        Assert.Equal(64, data.Plan.Width);
    }

    [Fact]
    public async Task Prepare_FitsOnTrainOnly_ValidationDoesNotLeakIntoTheMeans()
    {
        var table = await TestTables.FixtureAsync("diabetes");

        var data = DataPreparation.Prepare(table, TestTables.Spec("progression"));

        var bmi = ((NumericColumn)table["bmi"]).Values;
        var transform = data.Plan.Features.Single(f => f.Column == "bmi");
        var trainMean = data.TrainRows.Average(r => bmi[r]);
        var allMean = bmi.Average();
        var trainStd = Math.Sqrt(data.TrainRows.Average(r => (bmi[r] - trainMean) * (bmi[r] - trainMean)));
        Assert.Equal(trainMean, transform.Mean, 4);
        Assert.Equal(trainStd, transform.Scale, 4);
        Assert.NotEqual(allMean, transform.Mean, 4);
        var column = transform.Offset;
        var trainColumn = Enumerable.Range(0, data.Train.Rows).Select(r => (double)data.Train.Row(r)[column]).ToArray();
        Assert.Equal(0, trainColumn.Average(), 5);
        Assert.Equal(1, Math.Sqrt(trainColumn.Average(v => v * v)), 4);
        Assert.Equal((float)((bmi[data.ValidationRows[0]] - transform.Mean) / transform.Scale), data.Validation.Row(0)[column], 5);
    }

    [Fact]
    public void Prepare_NumericClassNames_SortNumerically()
    {
        var table = new DataTable([new NumericColumn("x", [1, 2, 3, 4, 5, 6]), new NumericColumn("y", [10, 2, 10, 2, 2, 10])]);

        var data = DataPreparation.Prepare(table, TestTables.Spec("y", split: AllTrain));

        Assert.Equal(TaskKind.Binary, data.Task);
        Assert.Equal(["2", "10"], data.ClassNames);
        Assert.Equal([1f, 0f, 1f, 0f, 0f, 1f], Enumerable.Range(0, 6).Select(i => data.Train.Targets[data.TrainRows.ToList().IndexOf(i)]));
    }

    [Theory]
    [InlineData(MissingPolicy.Mean, 3.0)]
    [InlineData(MissingPolicy.Median, 2.0)]
    [InlineData(MissingPolicy.MostFrequent, 2.0)]
    public void Prepare_ImputingPolicy_FillsFromTrainValues(MissingPolicy policy, double expectedFill)
    {
        var data = DataPreparation.Prepare(MissingTable(), TestTables.Spec("y", TaskKind.Regression, policy, AllTrain));

        var x = data.Plan.Features.Single(f => f.Column == "x");
        var c = data.Plan.Features.Single(f => f.Column == "c");
        Assert.Equal(expectedFill, x.Fill);
        Assert.Equal("b", c.FillCategory);
        Assert.Equal(1, data.DroppedRows); // the missing target
        Assert.Equal(5, data.Train.Rows);
        var missingRow = data.TrainRows.ToList().IndexOf(3);
        Assert.Equal((float)((expectedFill - x.Mean) / x.Scale), data.Train.Row(missingRow)[x.Offset], 6);
        var nullLabelRow = data.TrainRows.ToList().IndexOf(1);
        Assert.Equal([0f, 1f], data.Train.Row(nullLabelRow).Slice(c.Offset, 2).ToArray());
    }

    [Fact]
    public void Prepare_DropPolicy_DropsRowsWithAnyMissingFeature()
    {
        var data = DataPreparation.Prepare(MissingTable(), TestTables.Spec("y", TaskKind.Regression, MissingPolicy.Drop, AllTrain));

        Assert.Equal([0, 2, 4], data.TrainRows.Order());
        Assert.Equal(3, data.DroppedRows);
        Assert.Equal(["a", "b"], data.Plan.Features.Single(f => f.Column == "c").Categories);
    }

    [Fact]
    public void Prepare_DropPolicyWithNothingLeft_IsInvalidArgument()
    {
        var table = new DataTable([new NumericColumn("x", [double.NaN, double.NaN]), new NumericColumn("y", [1, 2])]);

        var error = Assert.Throws<MaasException>(() => DataPreparation.Prepare(table, TestTables.Spec("y", missing: MissingPolicy.Drop)));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public void Prepare_TinyTable_GivesEveryRequestedSplitARow()
    {
        var table = new DataTable([new NumericColumn("x", [1, 2, 3]), new NumericColumn("y", [0.5, 1.5, 2.5])]);

        var data = DataPreparation.Prepare(table, TestTables.Spec("y", split: new SplitSpec { Train = 0.8, Validation = 0.1, Test = 0.1 }));

        Assert.Equal((1, 1, 1), (data.Train.Rows, data.Validation.Rows, data.Test.Rows));
    }

    [Fact]
    public void Prepare_CategoricalFeatures_OneHotAfterTheNumericBlock()
    {
        var table = new DataTable([
            new CategoricalColumn("colour", ["red", "blue", "red", "green"]),
            new NumericColumn("x", [1, 2, 3, 4]),
            new NumericColumn("y", [1, 2, 3, 4.5]),
        ]);

        var data = DataPreparation.Prepare(table, TestTables.Spec("y", split: AllTrain));

        Assert.Equal(["colour", "x"], data.FeatureColumns);
        Assert.Equal(["x", "colour"], data.Plan.Features.Select(f => f.Column));
        Assert.Equal(4, data.Plan.Width);
        Assert.Equal(["blue", "green", "red"], data.Plan.Features[1].Categories);
        var row = data.TrainRows.ToList().IndexOf(3);
        Assert.Equal([0f, 1f, 0f], data.Train.Row(row)[1..].ToArray());
    }

    [Theory]
    [InlineData("nope", "'nope'")]
    [InlineData("species", "target column 'species'")]
    [InlineData("sepal_length", "listed twice")]
    public async Task Prepare_BadFeatureList_IsInvalidArgumentNamingTheColumn(string feature, string expected)
    {
        var table = await TestTables.FixtureAsync("iris");

        var error = Assert.Throws<MaasException>(() => DataPreparation.Prepare(table, TestTables.Spec("species", features: ["sepal_length", feature])));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepare_UnknownTarget_IsInvalidArgument()
    {
        var table = await TestTables.FixtureAsync("iris");

        var error = Assert.Throws<MaasException>(() => DataPreparation.Prepare(table, TestTables.Spec("colour")));

        Assert.Contains("'colour'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TaskKind.Regression)]
    [InlineData(TaskKind.Binary)]
    public async Task Prepare_TaskTheTargetCannotHave_IsInvalidArgument(TaskKind task)
    {
        var table = await TestTables.FixtureAsync("iris");

        var error = Assert.Throws<MaasException>(() => DataPreparation.Prepare(table, TestTables.Spec("species", task)));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task Prepare_ExplicitMulticlassOnNumericTarget_UsesItsValues()
    {
        var table = await TestTables.FixtureAsync("breast_cancer");

        var data = DataPreparation.Prepare(table, TestTables.Spec("benign", TaskKind.Multiclass));

        Assert.Equal(TaskKind.Multiclass, data.Task);
        Assert.Equal(2, data.ClassCount);
    }

    [Theory]
    [InlineData(0.7, 0.2, 0.2)]
    [InlineData(0, 0.5, 0.5)]
    [InlineData(1.1, -0.1, 0)]
    public async Task Prepare_BadSplitFractions_AreInvalidArgument(double train, double validation, double test)
    {
        var table = await TestTables.FixtureAsync("iris");

        var error = Assert.Throws<MaasException>(() => DataPreparation.Prepare(table, TestTables.Spec("species", split: new SplitSpec { Train = train, Validation = validation, Test = test })));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    /// <summary>
    /// Usable rows 0–4: x = 1, 7, 2, missing, 2 (mean 3, median 2, mode 2); c = a, missing, b, b, b (mode b).
    /// Row 5 has no target, so its x = 100 and c = z must not count.
    /// </summary>
    private static DataTable MissingTable() => new([
        new NumericColumn("x", [1, 7, 2, double.NaN, 2, 100]),
        new CategoricalColumn("c", ["a", null, "b", "b", "b", "z"]),
        new NumericColumn("y", [1.5, 2.5, 3.5, 4.5, 5.5, double.NaN]),
    ]);

    private static int[] ClassCounts(SplitData split, int classes)
    {
        var counts = new int[classes];
        foreach (var target in split.Targets)
        {
            counts[(int)target]++;
        }

        return counts;
    }
}
