using System.Text.Json;
using Maas.Core;
using Maas.Core.Training;
using Maas.Training.Spec;

namespace Maas.Training.Tests.Spec;

public sealed class TrainingSpecValidatorTests
{
    private static readonly TrainingLimits Limits = new() { MaxEpochs = 100 };

    private static readonly TrainingSpec Valid = new()
    {
        Dataset = "iris",
        Target = "species",
        Model = new ModelSpec { Kind = ModelKind.Mlp, Hidden = [16] },
        Register = "iris-clf",
    };

    private static readonly ModelSpec Cnn = new()
    {
        Kind = ModelKind.Cnn,
        Cnn = new CnnSpec { InputShape = [1, 8, 8], Conv = [new ConvLayerSpec { Filters = 8 }], Dense = [32] },
    };

    public static TheoryData<string, TrainingSpec> Rejected => new()
    {
        { "dataset", Valid with { Dataset = " " } },
        { "datasetVersion", Valid with { DatasetVersion = 0 } },
        { "target", Valid with { Target = "" } },
        { "register", Valid with { Register = "" } },
        { "register", Valid with { Register = "Bad/Name" } },
        { "features", Valid with { Features = [] } },
        { "features[1]", Valid with { Features = ["a", "a"] } },
        { "features[0]", Valid with { Features = ["species"] } },
        { "features[0]", Valid with { Features = [""] } },
        { "missing", Valid with { Missing = (MissingPolicy)42 } },
        { "split.train", Valid with { Split = new SplitSpec { Train = 0, Validation = 0.5, Test = 0.5 } } },
        { "split.validation", Valid with { Split = new SplitSpec { Train = 0.5, Validation = -0.1, Test = 0.6 } } },
        { "split.test", Valid with { Split = new SplitSpec { Train = 0.5, Validation = 0, Test = 1.5 } } },
        { "split", Valid with { Split = new SplitSpec { Train = 0.5, Validation = 0.2, Test = 0.2 } } },
        { "model.kind", Valid with { Model = new ModelSpec { Kind = (ModelKind)9 } } },
        { "model.activation", Valid with { Model = Valid.Model with { Activation = (Activation)9 } } },
        { "model.dropout", Valid with { Model = Valid.Model with { Dropout = 1 } } },
        { "model.dropout", Valid with { Model = Valid.Model with { Dropout = -0.1 } } },
        { "model.dropout", Valid with { Model = new ModelSpec { Kind = ModelKind.Logistic, Dropout = 0.2 } } },
        { "model.hidden[0]", Valid with { Model = Valid.Model with { Hidden = [0] } } },
        { "model.hidden[1]", Valid with { Model = Valid.Model with { Hidden = [8, 4097] } } },
        { "model.hidden", Valid with { Model = Valid.Model with { Hidden = Enumerable.Repeat(4, 33).ToArray() } } },
        { "model.hidden", Valid with { Model = new ModelSpec { Kind = ModelKind.Logistic, Hidden = [4] } } },
        { "model.cnn", Valid with { Model = new ModelSpec { Kind = ModelKind.Cnn } } },
        { "model.cnn", Valid with { Model = Cnn with { Kind = ModelKind.Mlp } } },
        { "model.cnn.inputShape", Valid with { Model = Cnn with { Cnn = Cnn.Cnn! with { InputShape = [8, 8] } } } },
        { "model.cnn.inputShape[1]", Valid with { Model = Cnn with { Cnn = Cnn.Cnn! with { InputShape = [1, 0, 8] } } } },
        { "model.cnn.conv", Valid with { Model = Cnn with { Cnn = Cnn.Cnn! with { Conv = [] } } } },
        { "model.cnn.conv[0].filters", Valid with { Model = Cnn with { Cnn = Cnn.Cnn! with { Conv = [new ConvLayerSpec { Filters = 0 }] } } } },
        { "model.cnn.conv[0].filters", Valid with { Model = Cnn with { Cnn = Cnn.Cnn! with { Conv = [new ConvLayerSpec { Filters = 1025 }] } } } },
        { "model.cnn.conv[0].kernel", Valid with { Model = Cnn with { Cnn = Cnn.Cnn! with { Conv = [new ConvLayerSpec { Filters = 4, Kernel = 16 }] } } } },
        { "model.cnn.conv[0].stride", Valid with { Model = Cnn with { Cnn = Cnn.Cnn! with { Conv = [new ConvLayerSpec { Filters = 4, Stride = 0 }] } } } },
        { "model.cnn.conv[0].padding", Valid with { Model = Cnn with { Cnn = Cnn.Cnn! with { Conv = [new ConvLayerSpec { Filters = 4, Kernel = 3, Padding = 3 }] } } } },
        { "model.cnn.conv[0].padding", Valid with { Model = Cnn with { Cnn = Cnn.Cnn! with { Conv = [new ConvLayerSpec { Filters = 4, Padding = -1 }] } } } },
        { "model.cnn.dense[0]", Valid with { Model = Cnn with { Cnn = Cnn.Cnn! with { Dense = [5000] } } } },
        { "model.gbdt", Valid with { Model = Valid.Model with { Gbdt = new GbdtSpec() } } },
        { "model.gbdt.trees", Valid with { Model = new ModelSpec { Kind = ModelKind.Gbdt, Gbdt = new GbdtSpec { Trees = 0 } } } },
        { "model.gbdt.trees", Valid with { Model = new ModelSpec { Kind = ModelKind.Gbdt, Gbdt = new GbdtSpec { Trees = 101 } } } },
        { "model.gbdt.leaves", Valid with { Model = new ModelSpec { Kind = ModelKind.Gbdt, Gbdt = new GbdtSpec { Leaves = 1 } } } },
        { "model.gbdt.learningRate", Valid with { Model = new ModelSpec { Kind = ModelKind.Gbdt, Gbdt = new GbdtSpec { LearningRate = 0 } } } },
        { "model.gbdt.minSamplesPerLeaf", Valid with { Model = new ModelSpec { Kind = ModelKind.Gbdt, Gbdt = new GbdtSpec { MinSamplesPerLeaf = 0 } } } },
        { "optimizer.kind", Valid with { Optimizer = new OptimizerSpec { Kind = (OptimizerKind)7 } } },
        { "optimizer.learningRate", Valid with { Optimizer = new OptimizerSpec { LearningRate = 0 } } },
        { "optimizer.learningRate", Valid with { Optimizer = new OptimizerSpec { LearningRate = double.NaN } } },
        { "optimizer.momentum", Valid with { Optimizer = new OptimizerSpec { Momentum = 1 } } },
        { "optimizer.beta1", Valid with { Optimizer = new OptimizerSpec { Beta1 = 1 } } },
        { "optimizer.beta2", Valid with { Optimizer = new OptimizerSpec { Beta2 = -0.1 } } },
        { "optimizer.epsilon", Valid with { Optimizer = new OptimizerSpec { Epsilon = 0 } } },
        { "optimizer.weightDecay", Valid with { Optimizer = new OptimizerSpec { WeightDecay = -1 } } },
        { "epochs", Valid with { Epochs = 0 } },
        { "epochs", Valid with { Epochs = 101 } },
        { "batchSize", Valid with { BatchSize = 0 } },
        { "batchSize", Valid with { BatchSize = 70_000 } },
        { "task", Valid with { Task = (TaskKind)5 } },
        { "model.kind", Valid with { Task = TaskKind.Binary, Model = new ModelSpec { Kind = ModelKind.Linear } } },
        { "model.kind", Valid with { Task = TaskKind.Regression, Model = new ModelSpec { Kind = ModelKind.Logistic } } },
        { "loss", Valid with { Task = TaskKind.Regression, Loss = LossKind.SoftmaxCrossEntropy } },
        { "loss", Valid with { Task = TaskKind.Multiclass, Loss = LossKind.BinaryCrossEntropy } },
        { "loss", Valid with { Task = TaskKind.Binary, Loss = LossKind.Mse } },
        { "loss", Valid with { Model = new ModelSpec { Kind = ModelKind.Linear }, Loss = LossKind.BinaryCrossEntropy } },
        { "loss", Valid with { Model = new ModelSpec { Kind = ModelKind.Logistic }, Loss = LossKind.Mse } },
        { "loss", Valid with { Model = new ModelSpec { Kind = ModelKind.Gbdt }, Loss = LossKind.Mse } },
        { "earlyStopping.patience", Valid with { EarlyStopping = new EarlyStoppingSpec { Patience = 0 } } },
        { "earlyStopping.metric", Valid with { EarlyStopping = new EarlyStoppingSpec { Metric = (StoppingMetric)9 } } },
        { "earlyStopping.metric", Valid with { Task = TaskKind.Regression, EarlyStopping = new EarlyStoppingSpec { Metric = StoppingMetric.Accuracy } } },
        { "earlyStopping.metric", Valid with { Task = TaskKind.Binary, EarlyStopping = new EarlyStoppingSpec { Metric = StoppingMetric.R2 } } },
        { "earlyStopping", Valid with { EarlyStopping = new EarlyStoppingSpec(), Split = new SplitSpec { Train = 0.8, Validation = 0, Test = 0.2 } } },
        { "earlyStopping", Valid with { Model = new ModelSpec { Kind = ModelKind.Gbdt }, EarlyStopping = new EarlyStoppingSpec() } },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Validate_BadField_IsInvalidArgumentNamingTheField(string field, TrainingSpec spec)
    {
        var error = Assert.Throws<MaasException>(() => TrainingSpecValidator.Validate(spec, Limits));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.StartsWith($"Training spec field '{field}' ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SensibleSpecsOfEveryKind_Pass()
    {
        TrainingSpecValidator.Validate(Valid, Limits);
        TrainingSpecValidator.Validate(Valid with { Model = Cnn, EarlyStopping = new EarlyStoppingSpec { Metric = StoppingMetric.Accuracy }, Task = TaskKind.Multiclass }, Limits);
        TrainingSpecValidator.Validate(Valid with { Model = new ModelSpec { Kind = ModelKind.Gbdt, Gbdt = new GbdtSpec { Trees = 50 } } }, Limits);
        TrainingSpecValidator.Validate(Valid with { Model = new ModelSpec { Kind = ModelKind.Linear }, Task = TaskKind.Regression, Loss = LossKind.Mse }, Limits);
        TrainingSpecValidator.Validate(Valid with { Model = new ModelSpec { Kind = ModelKind.Logistic }, Task = TaskKind.Binary, Loss = LossKind.SoftmaxCrossEntropy, Epochs = 100 }, Limits);
        TrainingSpecValidator.Validate(Valid with { Optimizer = new OptimizerSpec { Kind = OptimizerKind.AdamW, WeightDecay = 0.01 }, Split = new SplitSpec { Train = 1, Validation = 0, Test = 0 } }, Limits);
    }

    [Fact]
    public void Spec_FromJson_UsesLowerCaseEnumsAndRefusesUnknownMembers()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };
        var spec = JsonSerializer.Deserialize<TrainingSpec>(
            """{"dataset":"digits","target":"label","register":"digits-cnn","loss":"softmaxcrossentropy","model":{"kind":"cnn","cnn":{"inputShape":[1,8,8],"conv":[{"filters":8,"pool":true}],"dense":[32]}}}""",
            options)!;

        Assert.Equal(ModelKind.Cnn, spec.Model.Kind);
        Assert.Equal(LossKind.SoftmaxCrossEntropy, spec.Loss);
        TrainingSpecValidator.Validate(spec, Limits);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TrainingSpec>("""{"dataset":"d","target":"t","register":"r","model":{"kind":"mlp"},"script":"rm -rf /"}""", options));
    }
}
