using System.CommandLine;
using System.CommandLine.Parsing;
using Maas.Core.Training;

namespace Maas.Cli.Commands.Training;

/// <summary>
/// The flags of <c>maas train</c> that make up a <see cref="TrainingSpec"/>, and <c>--spec FILE</c>, which replaces
/// them all. A flag left out keeps the spec's default, which is the server's default.
/// </summary>
internal sealed partial class TrainSpecOptions
{
    public Option<string> SpecFile { get; } = new("--spec")
    {
        HelpName = "FILE",
        Description = "Read the whole spec from a JSON file ('-' for standard input) and send it as it is; no other spec flag may be given with it.",
    };

    // Data.
    public Option<string> Dataset { get; } = new("--dataset") { HelpName = "NAME", Description = "The dataset to train on (required without --spec)." };
    public Option<int?> DatasetVersion { get; } = FlagValues.Whole("--dataset-version", "N", "The dataset version. Default: the newest.");
    public Option<string> Target { get; } = new("--target") { HelpName = "COLUMN", Description = "The column to predict (required without --spec)." };
    public Option<string[]?> Features { get; } = FlagValues.Names("--features", "A,B,C", "The feature columns. Default: every column but the target.");
    public Option<TaskKind?> TaskFlag { get; } = FlagValues.Choice<TaskKind>("--task", "The task. Default: inferred from the target (numbers: regression; two values: binary; more: multiclass).");
    public Option<MissingPolicy?> Missing { get; } = FlagValues.Choice<MissingPolicy>("--missing", "What to do with missing values: drop the rows, or fill them from the training split. Default: mean.");
    public Option<double[]?> Split { get; } = SplitOption();
    public Option<bool> NoStratify { get; } = new("--no-stratify") { Description = "Split classifiers' rows at random instead of keeping each class's share in every split." };

    // Model.
    public Option<ModelKind?> Model { get; } = FlagValues.Choice<ModelKind>("--model", "The model to train (required without --spec).");
    public Option<int[]?> Hidden { get; } = FlagValues.PositiveIntegers("--hidden", "N,N", "The MLP's hidden layer sizes, such as 64,32.");
    public Option<Activation?> Activation { get; } = FlagValues.Choice<Activation>("--activation", "The hidden layers' activation (mlp, cnn). Default: relu.");
    public Option<double?> Dropout { get; } = FlagValues.Real("--dropout", "P", "The dropout probability after each hidden layer (mlp, cnn dense layers). Default: 0.", p => p is >= 0 and < 1 ? null : "must be at least 0 and below 1");
    public Option<int[]?> InputShape { get; } = FlagValues.PositiveIntegers("--input-shape", "C,H,W", "The CNN's input: the feature columns read as a C×H×W image, such as 1,8,8 (required for cnn).");
    public Option<IReadOnlyList<ConvLayerSpec>?> Conv { get; } = ConvOption();
    public Option<int[]?> Dense { get; } = FlagValues.PositiveIntegers("--dense", "N,N", "The CNN's hidden dense layer sizes after the convolutions, such as 64. Default: none.");
    public Option<int?> Trees { get; } = FlagValues.Whole("--trees", "N", "gbdt: the number of trees. Default: 100.");
    public Option<int?> Leaves { get; } = FlagValues.Whole("--leaves", "N", "gbdt: the most leaves per tree. Default: 20.", minimum: 2);
    public Option<double?> TreeLearningRate { get; } = FlagValues.Real("--tree-learning-rate", "RATE", "gbdt: the shrinkage of each tree. Default: 0.1.", Positive);
    public Option<int?> MinSamplesPerLeaf { get; } = FlagValues.Whole("--min-samples-per-leaf", "N", "gbdt: the fewest training rows a leaf may hold. Default: 10.");

    // Optimisation.
    public Option<OptimizerKind?> Optimizer { get; } = FlagValues.Choice<OptimizerKind>("--optimizer", "The optimiser of neural models. Default: adam.");
    public Option<double?> LearningRate { get; } = FlagValues.Real("--lr", "RATE", "The learning rate. Default: 0.001.", Positive);
    public Option<double?> Momentum { get; } = FlagValues.Real("--momentum", "M", "The momentum coefficient of --optimizer momentum. Default: 0.9.", Fraction);
    public Option<double?> Beta1 { get; } = FlagValues.Real("--beta1", "B", "Adam's first-moment decay. Default: 0.9.", Fraction);
    public Option<double?> Beta2 { get; } = FlagValues.Real("--beta2", "B", "Adam's second-moment decay. Default: 0.999.", Fraction);
    public Option<double?> WeightDecay { get; } = FlagValues.Real("--weight-decay", "L2", "L2 penalty (sgd, momentum, adam) or decoupled weight decay (adamw). Default: 0.", w => w >= 0 ? null : "must not be negative");
    public Option<LossKind?> Loss { get; } = FlagValues.Choice<LossKind>("--loss", "Overrides the task's loss (regression: mse; binary: binary-cross-entropy; multiclass: softmax-cross-entropy).");
    public Option<int?> Epochs { get; } = FlagValues.Whole("--epochs", "N", "Passes over the training split. Default: 20.");
    public Option<int?> BatchSize { get; } = FlagValues.Whole("--batch-size", "N", "Rows per optimiser step. Default: 32.");
    public Option<StoppingMetric?> EarlyStoppingMetric { get; } = FlagValues.Choice<StoppingMetric>("--early-stopping-metric", "Stop when this validation metric stops improving and keep the best epoch's weights. Default: no early stopping (loss once --patience is given).");
    public Option<int?> Patience { get; } = FlagValues.Whole("--patience", "N", "Epochs without improvement before early stopping. Default: 5 once --early-stopping-metric is given.");
    public Option<long?> Seed { get; } = new("--seed") { HelpName = "N", Description = "The random seed: the same seed and data give the same split and weights. Default: 42." };
    public Option<string> Register { get; } = new("--register") { HelpName = "MODEL", Description = "The model to register the result as a new version of, created when missing (required without --spec)." };

    /// <summary>Every flag that sets part of the spec, in help order; none may be combined with <c>--spec</c>.</summary>
    public IReadOnlyList<Option> SpecFlags =>
    [
        Dataset, DatasetVersion, Target, Features, TaskFlag, Missing, Split, NoStratify,
        Model, Hidden, Activation, Dropout, InputShape, Conv, Dense, Trees, Leaves, TreeLearningRate, MinSamplesPerLeaf,
        Optimizer, LearningRate, Momentum, Beta1, Beta2, WeightDecay, Loss, Epochs, BatchSize, EarlyStoppingMetric, Patience,
        Seed, Register,
    ];

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(SpecFile);
        foreach (var option in SpecFlags)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(Validate);
    }

    /// <summary>Whether the spec comes from <c>--spec</c> rather than from flags.</summary>
    public bool UsesSpecFile(ParseResult parseResult) => parseResult.GetResult(SpecFile) is not null;

    /// <summary>Builds the spec from the flags; call only when the command line validated and <c>--spec</c> is absent.</summary>
    /// <remarks>A flag left out keeps the spec's default, which is the server's: the server trains what it would have
    /// trained had the member been left out of the JSON.</remarks>
    public TrainingSpec Build(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var model = parseResult.GetValue(Model) ?? throw new InvalidOperationException("--model was validated as required.");
        var spec = new TrainingSpec
        {
            Dataset = parseResult.GetRequiredValue(Dataset),
            Target = parseResult.GetRequiredValue(Target),
            Model = BuildModel(parseResult, model),
            Register = parseResult.GetRequiredValue(Register),
        };
        return spec with
        {
            DatasetVersion = parseResult.GetValue(DatasetVersion),
            Features = Given(parseResult, Features),
            Task = parseResult.GetValue(TaskFlag),
            Missing = parseResult.GetValue(Missing) ?? spec.Missing,
            Split = BuildSplit(parseResult),
            Optimizer = BuildOptimizer(parseResult),
            Loss = parseResult.GetValue(Loss),
            Epochs = parseResult.GetValue(Epochs) ?? spec.Epochs,
            BatchSize = parseResult.GetValue(BatchSize) ?? spec.BatchSize,
            EarlyStopping = parseResult.GetResult(EarlyStoppingMetric) is null && parseResult.GetResult(Patience) is null
                ? null
                : BuildEarlyStopping(parseResult),
            Seed = parseResult.GetValue(Seed) ?? spec.Seed,
        };
    }

    private SplitSpec BuildSplit(ParseResult parseResult)
    {
        var fractions = Given(parseResult, Split);
        var defaults = new SplitSpec();
        return defaults with
        {
            Train = fractions?[0] ?? defaults.Train,
            Validation = fractions?[1] ?? defaults.Validation,
            Test = fractions?[2] ?? defaults.Test,
            Stratify = !parseResult.GetValue(NoStratify) && defaults.Stratify,
        };
    }

    private ModelSpec BuildModel(ParseResult parseResult, ModelKind kind)
    {
        var defaults = new ModelSpec { Kind = kind };
        return defaults with
        {
            Hidden = Given(parseResult, Hidden),
            Activation = parseResult.GetValue(Activation) ?? defaults.Activation,
            Dropout = parseResult.GetValue(Dropout) ?? defaults.Dropout,
            Cnn = kind == ModelKind.Cnn ? BuildCnn(parseResult) : null,
            Gbdt = GbdtFlags.Any(o => parseResult.GetResult(o) is not null) ? BuildGbdt(parseResult) : null,
        };
    }

    private CnnSpec BuildCnn(ParseResult parseResult)
    {
        var cnn = new CnnSpec { InputShape = Given(parseResult, InputShape) ?? [], Conv = Given(parseResult, Conv) ?? [] };
        return Given(parseResult, Dense) is { } dense ? cnn with { Dense = dense } : cnn;
    }

    private GbdtSpec BuildGbdt(ParseResult parseResult)
    {
        var defaults = new GbdtSpec();
        return defaults with
        {
            Trees = parseResult.GetValue(Trees) ?? defaults.Trees,
            Leaves = parseResult.GetValue(Leaves) ?? defaults.Leaves,
            LearningRate = parseResult.GetValue(TreeLearningRate) ?? defaults.LearningRate,
            MinSamplesPerLeaf = parseResult.GetValue(MinSamplesPerLeaf) ?? defaults.MinSamplesPerLeaf,
        };
    }

    private OptimizerSpec BuildOptimizer(ParseResult parseResult)
    {
        var defaults = new OptimizerSpec();
        return defaults with
        {
            Kind = parseResult.GetValue(Optimizer) ?? defaults.Kind,
            LearningRate = parseResult.GetValue(LearningRate) ?? defaults.LearningRate,
            Momentum = parseResult.GetValue(Momentum) ?? defaults.Momentum,
            Beta1 = parseResult.GetValue(Beta1) ?? defaults.Beta1,
            Beta2 = parseResult.GetValue(Beta2) ?? defaults.Beta2,
            WeightDecay = parseResult.GetValue(WeightDecay) ?? defaults.WeightDecay,
        };
    }

    private EarlyStoppingSpec BuildEarlyStopping(ParseResult parseResult)
    {
        var defaults = new EarlyStoppingSpec();
        return defaults with
        {
            Metric = parseResult.GetValue(EarlyStoppingMetric) ?? defaults.Metric,
            Patience = parseResult.GetValue(Patience) ?? defaults.Patience,
        };
    }

    // System.CommandLine gives an empty array for a list option that was left out; the spec must not take it as given.
    private static T? Given<T>(ParseResult parseResult, Option<T> option) =>
        parseResult.GetResult(option) is null ? default : parseResult.GetValue(option);

    private IEnumerable<Option> GbdtFlags => [Trees, Leaves, TreeLearningRate, MinSamplesPerLeaf];

    private IEnumerable<Option> CnnFlags => [InputShape, Conv, Dense];

    private IEnumerable<Option> OptimizerFlags => [Optimizer, LearningRate, Momentum, Beta1, Beta2, WeightDecay];

    private static string? Positive(double value) => value > 0 ? null : "must be above 0";

    private static string? Fraction(double value) => value is >= 0 and < 1 ? null : "must be at least 0 and below 1";

    private static Option<double[]?> SplitOption() => new("--split")
    {
        HelpName = "TRAIN,VALIDATION,TEST",
        Description = "The fractions of rows for training, validation and test, summing to 1. Default: 0.7,0.15,0.15.",
        CustomParser = ParseSplit,
    };

    private static double[]? ParseSplit(ArgumentResult result)
    {
        var text = result.Tokens[0].Value;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        var valid = parts.Length == 3;
        for (var i = 0; valid && i < parts.Length; i++)
        {
            valid = double.TryParse(parts[i], System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out values[i])
                && values[i] <= 1;
        }

        if (!valid)
        {
            result.AddError($"--split takes three fractions, train,validation,test, such as 0.7,0.15,0.15; '{text}' is not.");
            return null;
        }

        if (Math.Abs(values.Sum() - 1) > 1e-6)
        {
            result.AddError($"--split fractions must sum to 1; {text} sums to {values.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
            return null;
        }

        if (values[0] <= 0)
        {
            result.AddError("--split needs a training fraction above 0.");
            return null;
        }

        return values;
    }

    private static Option<IReadOnlyList<ConvLayerSpec>?> ConvOption() => new("--conv")
    {
        HelpName = "LAYERS",
        Description = "The CNN's convolution layers, comma-separated, each filters[:kernel[:stride[:padding]]][:pool]: '16:3:1:1:pool,32:3' is 16 3×3 filters, stride 1, padding 1, then a 2×2 max-pool, then 32 3×3 filters (required for cnn). Defaults: kernel 3, stride 1, padding 0, no pool.",
        CustomParser = result =>
        {
            var layers = ConvSyntax.TryParse(result.Tokens[0].Value, out var error);
            if (layers is null)
            {
                result.AddError("--conv: " + error);
            }

            return layers;
        },
    };
}
