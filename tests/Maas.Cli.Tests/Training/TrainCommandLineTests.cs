using System.CommandLine;
using System.Net;
using System.Text;
using Maas.Cli.Commands.Training;
using Maas.Client;
using Maas.Core.Training;

namespace Maas.Cli.Tests.Training;

/// <summary>How the flags of <c>maas train</c> become the spec JSON sent to the server, and which lines are refused.</summary>
public sealed class TrainCommandLineTests
{
    [Fact]
    public async Task Build_EveryNeuralFlag_LandsInTheSpec()
    {
        var json = await SpecJsonAsync(
            "--dataset", "digits", "--dataset-version", "3", "--target", "label", "--features", "p0, p1,p2", "--task", "multiclass",
            "--missing", "most-frequent", "--split", "0.6,0.2,0.2", "--no-stratify",
            "--model", "cnn", "--activation", "tanh", "--dropout", "0.25", "--input-shape", "1,8,8", "--conv", "16:3:1:1:pool,32:3", "--dense", "64,32",
            "--optimizer", "adamw", "--lr", "0.01", "--momentum", "0.8", "--beta1", "0.85", "--beta2", "0.99", "--weight-decay", "0.0001",
            "--loss", "softmax-cross-entropy", "--epochs", "12", "--batch-size", "64", "--early-stopping-metric", "accuracy", "--patience", "3",
            "--seed", "7", "--register", "digits-cnn");

        SpecJson.AssertSent(
            """
            {"dataset":"digits","datasetVersion":3,"target":"label","features":["p0","p1","p2"],"task":"multiclass","missing":"mostfrequent",
             "split":{"train":0.6,"validation":0.2,"test":0.2,"stratify":false},
             "model":{"kind":"cnn","activation":"tanh","dropout":0.25,
                      "cnn":{"inputShape":[1,8,8],"conv":[{"filters":16,"kernel":3,"stride":1,"padding":1,"pool":true},{"filters":32,"kernel":3}],"dense":[64,32]}},
             "optimizer":{"kind":"adamw","learningRate":0.01,"momentum":0.8,"beta1":0.85,"beta2":0.99,"weightDecay":0.0001},
             "loss":"softmaxcrossentropy","epochs":12,"batchSize":64,"earlyStopping":{"metric":"accuracy","patience":3},"seed":7,"register":"digits-cnn"}
            """,
            json);
    }

    [Fact]
    public async Task Build_MlpFlags_GiveHiddenSizesAndLeaveDefaultsToTheServer()
    {
        var json = await SpecJsonAsync("--dataset", "iris", "--target", "species", "--model", "mlp", "--hidden", "64,32", "--epochs", "50", "--register", "iris-clf");

        SpecJson.AssertSent("""{"dataset":"iris","target":"species","model":{"kind":"mlp","hidden":[64,32]},"epochs":50,"register":"iris-clf"}""", json);
    }

    [Fact]
    public async Task Build_GbdtFlags_FillTheTreeSection()
    {
        var json = await SpecJsonAsync(
            "--dataset", "cancer", "--target", "diagnosis", "--model", "gbdt", "--trees", "200", "--leaves", "31",
            "--tree-learning-rate", "0.05", "--min-samples-per-leaf", "5", "--register", "cancer-gbdt");

        SpecJson.AssertSent(
            """{"dataset":"cancer","target":"diagnosis","model":{"kind":"gbdt","gbdt":{"trees":200,"leaves":31,"learningRate":0.05,"minSamplesPerLeaf":5}},"register":"cancer-gbdt"}""",
            json);
    }

    [Fact]
    public async Task Build_PatienceAlone_AsksForEarlyStoppingWithTheServersMetric()
    {
        var json = await SpecJsonAsync("--dataset", "d", "--target", "y", "--model", "linear", "--patience", "4", "--register", "m");

        SpecJson.AssertSent("""{"dataset":"d","target":"y","model":{"kind":"linear"},"earlyStopping":{"patience":4},"register":"m"}""", json);
    }

    [Theory]
    [InlineData("16", 16, null, null, null, false)]
    [InlineData("8:5", 8, 5, null, null, false)]
    [InlineData("8:5:2:0", 8, 5, 2, 0, false)]
    [InlineData("8:pool", 8, null, null, null, true)]
    [InlineData(" 4 : 3 : 1 : 1 : POOL ", 4, 3, 1, 1, true)]
    public void Conv_MiniSyntax_ParsesEachField(string text, int filters, int? kernel, int? stride, int? padding, bool pool)
    {
        var layer = Assert.Single(ConvSyntax.TryParse(text, out var error)!);

        // A field left out (null here) keeps the layer's default, which is the server's.
        var defaults = new ConvLayerSpec { Filters = filters };
        Assert.Null(error);
        Assert.Equal(
            (filters, kernel ?? defaults.Kernel, stride ?? defaults.Stride, padding ?? defaults.Padding, pool),
            (layer.Filters, layer.Kernel, layer.Stride, layer.Padding, layer.Pool));
    }

    [Theory]
    [InlineData("", "filters")]
    [InlineData("0:3", "filters")]
    [InlineData("16:0", "kernel")]
    [InlineData("16:3:1:-1", "padding")]
    [InlineData("16:3:1:1:1", "is not a layer")]
    [InlineData("16:3,,8", "filters")]
    [InlineData("pool", "filters")]
    public void Conv_Malformed_SaysWhatIsWrong(string text, string expected)
    {
        Assert.Null(ConvSyntax.TryParse(text, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--spec conflict", "--spec", "spec.json", "--epochs", "3")]
    [InlineData("--spec cannot be combined with --dataset", "--spec", "spec.json", "--dataset", "iris")]
    [InlineData("needs --target, --model", "--dataset", "iris", "--register", "m")]
    [InlineData("--hidden applies only to --model mlp", "--dataset", "d", "--target", "y", "--model", "logistic", "--hidden", "8", "--register", "m")]
    [InlineData("--trees applies only to --model gbdt", "--dataset", "d", "--target", "y", "--model", "mlp", "--trees", "8", "--register", "m")]
    [InlineData("--lr applies only to neural models", "--dataset", "d", "--target", "y", "--model", "gbdt", "--lr", "0.1", "--register", "m")]
    [InlineData("--model cnn needs --conv", "--dataset", "d", "--target", "y", "--model", "cnn", "--input-shape", "1,8,8", "--register", "m")]
    [InlineData("--input-shape takes three sizes", "--dataset", "d", "--target", "y", "--model", "cnn", "--input-shape", "64", "--conv", "4", "--register", "m")]
    [InlineData("must sum to 1", "--dataset", "d", "--target", "y", "--model", "linear", "--split", "0.5,0.2,0.2", "--register", "m")]
    [InlineData("three fractions", "--dataset", "d", "--target", "y", "--model", "linear", "--split", "0.8,0.2", "--register", "m")]
    [InlineData("use one of linear, logistic, mlp, cnn, gbdt", "--dataset", "d", "--target", "y", "--model", "forest", "--register", "m")]
    [InlineData("positive whole numbers", "--dataset", "d", "--target", "y", "--model", "mlp", "--hidden", "64,0", "--register", "m")]
    [InlineData("--dropout must be at least 0 and below 1", "--dataset", "d", "--target", "y", "--model", "mlp", "--dropout", "1", "--register", "m")]
    [InlineData("--conv: '16:x'", "--dataset", "d", "--target", "y", "--model", "cnn", "--input-shape", "1,8,8", "--conv", "16:x", "--register", "m")]
    public void Parse_InvalidTrainLine_IsRefusedWithAReason(string expected, params string[] arguments)
    {
        var (_, result) = Parse(arguments);

        var messages = string.Join("\n", result.Errors.Select(e => e.Message));
        Assert.False(result.Errors.Count == 0, "The line parsed: " + string.Join(' ', arguments));
        if (expected != "--spec conflict")
        {
            Assert.Contains(expected, messages, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("--spec cannot be combined with --epochs", messages, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_SpecFileAlone_IsAccepted()
    {
        var (options, result) = Parse("--spec", "spec.json");

        Assert.Empty(result.Errors);
        Assert.True(options.UsesSpecFile(result));
    }

    [Fact]
    public async Task Train_SpecWithFlags_ExitsTwoBeforeSendingAnything()
    {
        var result = await MaasCommand.RunAsync("train", "--spec", "spec.json", "--epochs", "3", "--server", "http://127.0.0.1:1");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--spec cannot be combined with --epochs", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task Train_SpecFileThatIsNotJson_ExitsOneNamingTheFile()
    {
        using var temporary = new TemporaryDirectory("maas-spec-");
        var file = temporary.Combine("spec.json");
        await File.WriteAllTextAsync(file, "dataset: iris");

        var result = await MaasCommand.RunAsync("train", "--spec", file, "--server", "http://127.0.0.1:1");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"The spec file {file} is not valid JSON", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("datasets")]
    [InlineData("datasets push")]
    [InlineData("datasets list")]
    [InlineData("datasets show")]
    [InlineData("datasets delete")]
    [InlineData("train")]
    [InlineData("jobs")]
    [InlineData("jobs list")]
    [InlineData("jobs show")]
    [InlineData("jobs follow")]
    [InlineData("jobs logs")]
    [InlineData("jobs cancel")]
    public async Task Help_TrainingCommands_DescribeAndShowAnExample(string command)
    {
        var result = await MaasCommand.RunAsync([.. command.Split(' '), "--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Description:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  maas " + command, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Serve_ListsTheTrainingLimitsWithDefaults()
    {
        var result = await MaasCommand.RunAsync("serve", "--help");

        foreach (var (flag, value) in new[] { ("--max-training-jobs", "1"), ("--max-dataset-rows", "1000000"), ("--max-job-duration", "7200s") })
        {
            var line = result.Stdout.Split('\n').SingleOrDefault(l => l.TrimStart().StartsWith(flag + " ", StringComparison.Ordinal));
            Assert.True(line is not null, $"{flag} is not in the help:\n{result.Stdout}");
            Assert.Contains($"[default: {value}]", line, StringComparison.Ordinal);
        }
    }

    private static (TrainSpecOptions Options, ParseResult Result) Parse(params string[] arguments)
    {
        var options = new TrainSpecOptions();
        var command = new RootCommand();
        options.AddTo(command);
        return (options, command.Parse(arguments));
    }

    // The spec as the client puts it on the wire: built from the flags, sent through MaasClient to a stub.
    private static async Task<string> SpecJsonAsync(params string[] arguments)
    {
        var (options, result) = Parse(arguments);
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors.Select(e => e.Message)));
        using var handler = new StubHandler(_ => TrainingClientTests.Json(TrainingJson.Job("queued"), HttpStatusCode.Accepted));
        using var client = new MaasClient(new Uri("http://127.0.0.1:8000"), handler: handler);
        await client.StartJobAsync(options.Build(result));
        return Encoding.UTF8.GetString(handler.Bodies[0]);
    }
}
