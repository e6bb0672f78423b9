using System.CommandLine;

namespace Maas.Cli.Commands;

/// <summary>The model metadata options shared by <c>models create</c> and <c>models update</c>.</summary>
internal sealed class MetadataOptions
{
    public Option<string> Description { get; } = new("--description")
    {
        HelpName = "TEXT",
        Description = "A sentence about the model.",
    };

    public Option<string[]> Tags { get; } = new("--tag")
    {
        HelpName = "KEY=VALUE",
        Description = "A tag, such as team=risk; repeat for several.",
    };

    public Option<string[]> Labels { get; } = new("--label")
    {
        HelpName = "LABEL",
        Description = "A class label of a classifier, in output order; repeat for each class.",
    };

    public Option<FileInfo> LabelsFile { get; } = new Option<FileInfo>("--labels-file")
    {
        HelpName = "FILE",
        Description = "Read the class labels from FILE, one per line, in output order (blank lines are skipped).",
    }.AcceptExistingOnly();

    public void AddTo(Command command)
    {
        Tags.Validators.Add(result =>
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var token in result.Tokens)
            {
                var separator = token.Value.IndexOf('=', StringComparison.Ordinal);
                if (separator <= 0)
                {
                    result.AddError($"The tag '{token.Value}' is not KEY=VALUE, such as team=risk.");
                }
                else if (!keys.Add(token.Value[..separator]))
                {
                    result.AddError($"The tag '{token.Value[..separator]}' is given twice.");
                }
            }
        });
        command.Options.Add(Description);
        command.Options.Add(Tags);
        command.Options.Add(Labels);
        command.Options.Add(LabelsFile);
        command.Validators.Add(result =>
        {
            if (result.GetResult(Labels) is not null && result.GetResult(LabelsFile) is not null)
            {
                result.AddError("Give the labels with --label or with --labels-file, not both.");
            }
        });
    }

    /// <summary>The tags given, or <c>null</c> when no <c>--tag</c> was.</summary>
    public IReadOnlyDictionary<string, string>? GetTags(ParseResult parseResult)
    {
        if (parseResult.GetValue(Tags) is not { Length: > 0 } tags)
        {
            return null;
        }

        return tags.Select(t => t.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
    }

    /// <summary>The labels from <c>--label</c> or <c>--labels-file</c>, or <c>null</c> when neither was given.</summary>
    public async Task<IReadOnlyList<string>?> GetLabelsAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        if (parseResult.GetValue(LabelsFile) is { } file)
        {
            var lines = await File.ReadAllLinesAsync(file.FullName, cancellationToken);
            return [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0)];
        }

        return parseResult.GetValue(Labels) is { Length: > 0 } labels ? labels : null;
    }
}
