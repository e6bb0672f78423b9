using System.CommandLine;
using Maas.Server;

namespace Maas.Cli.Commands.Training;

/// <summary>
/// The <c>maas serve</c> flags that bound training work: concurrent jobs, dataset size, model size, epochs and a
/// job's wall-clock time. Defaults come from <see cref="MaasServerOptions"/>, which validates the ranges at start-up.
/// </summary>
internal sealed class ServeTrainingOptions
{
    private readonly Option<int> _maxConcurrentJobs;
    private readonly Option<long> _maxDatasetRows;
    private readonly Option<int> _maxDatasetColumns;
    private readonly Option<long> _maxParameters;
    private readonly Option<int> _maxEpochs;
    private readonly Option<string> _maxJobDuration;

    public ServeTrainingOptions(MaasServerOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        _maxConcurrentJobs = ServeLimitOptions.Number("--max-training-jobs", "Training jobs that run at once; more wait queued.", defaults.MaxConcurrentJobs);
        _maxDatasetRows = ServeLimitOptions.Number("--max-dataset-rows", "The most data rows a pushed dataset may have.", defaults.MaxDatasetRows);
        _maxDatasetColumns = ServeLimitOptions.Number("--max-dataset-columns", "The most columns a pushed dataset may have.", defaults.MaxDatasetColumns);
        _maxParameters = ServeLimitOptions.Number("--max-training-parameters", "The most trainable parameters a model in a training job may have.", defaults.MaxTrainingParameters);
        _maxEpochs = ServeLimitOptions.Number("--max-training-epochs", "The most epochs (or boosting rounds) a training spec may ask for.", defaults.MaxTrainingEpochs);
        _maxJobDuration = ServeLimitOptions.Duration(
            "--max-job-duration",
            "The longest a training job may run, restarts included; past it the job fails.",
            defaults.MaxJobDuration,
            allowInfinite: false);
    }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_maxConcurrentJobs);
        command.Options.Add(_maxDatasetRows);
        command.Options.Add(_maxDatasetColumns);
        command.Options.Add(_maxParameters);
        command.Options.Add(_maxEpochs);
        command.Options.Add(_maxJobDuration);
    }

    /// <summary>Copies the parsed values into <paramref name="options"/>; the server checks their ranges when it starts.</summary>
    public void ApplyTo(ParseResult parseResult, MaasServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(options);
        options.MaxConcurrentJobs = parseResult.GetValue(_maxConcurrentJobs);
        options.MaxDatasetRows = parseResult.GetValue(_maxDatasetRows);
        options.MaxDatasetColumns = parseResult.GetValue(_maxDatasetColumns);
        options.MaxTrainingParameters = parseResult.GetValue(_maxParameters);
        options.MaxTrainingEpochs = parseResult.GetValue(_maxEpochs);
        options.MaxJobDuration = ServeLimitOptions.DurationOf(parseResult, _maxJobDuration);
    }
}
