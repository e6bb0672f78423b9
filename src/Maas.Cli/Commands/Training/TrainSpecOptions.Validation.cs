using System.CommandLine;
using System.CommandLine.Parsing;
using Maas.Core.Training;

namespace Maas.Cli.Commands.Training;

internal sealed partial class TrainSpecOptions
{
    // Mistakes worth catching before anything is sent: --spec mixed with flags, a missing required flag, and flags of
    // another model kind, which the server would silently ignore.
    private void Validate(CommandResult result)
    {
        var given = SpecFlags.Where(o => result.GetResult(o) is not null).ToList();
        if (result.GetResult(SpecFile) is not null)
        {
            if (given.Count > 0)
            {
                result.AddError($"--spec cannot be combined with {string.Join(", ", given.Select(o => o.Name))}: put those settings in the spec file, or leave out --spec.");
            }

            return;
        }

        var missing = new Option[] { Dataset, Target, Model, Register }.Where(o => result.GetResult(o) is null).Select(o => o.Name).ToList();
        if (missing.Count > 0)
        {
            result.AddError($"maas train needs {string.Join(", ", missing)} (or the whole spec with --spec FILE).");
            return;
        }

        // An unparsable value has its own error already; the checks below need the model kind.
        if (ValueOrNull(result, Model) is not { } kind)
        {
            return;
        }

        RequireKind(result, kind, ModelKind.Mlp, Hidden);
        RequireKind(result, kind, ModelKind.Cnn, CnnFlags);
        RequireKind(result, kind, ModelKind.Gbdt, GbdtFlags);
        if (kind is not (ModelKind.Mlp or ModelKind.Cnn))
        {
            NotWith(result, kind, [Activation, Dropout], "mlp and cnn");
        }

        if (kind == ModelKind.Gbdt)
        {
            NotWith(result, kind, [.. OptimizerFlags, Loss, BatchSize], "neural models (use --tree-learning-rate for the trees)");
        }

        if (kind == ModelKind.Cnn)
        {
            var missingCnn = new Option[] { InputShape, Conv }.Where(o => result.GetResult(o) is null).Select(o => o.Name).ToList();
            if (missingCnn.Count > 0)
            {
                result.AddError($"--model cnn needs {string.Join(" and ", missingCnn)}, such as --input-shape 1,8,8 --conv 16:3:1:1:pool.");
            }

            if (ValueOrNull(result, InputShape) is { Length: not 3 })
            {
                result.AddError("--input-shape takes three sizes, C,H,W, such as 1,8,8.");
            }
        }
    }

    private static T? ValueOrNull<T>(CommandResult result, Option<T> option)
    {
        try
        {
            return result.GetResult(option) is null ? default : result.GetValue(option);
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    private static void RequireKind(CommandResult result, ModelKind actual, ModelKind required, params IEnumerable<Option> options)
    {
        if (actual == required)
        {
            return;
        }

        foreach (var option in options.Where(o => result.GetResult(o) is not null))
        {
            result.AddError($"{option.Name} applies only to --model {FlagValues.Display(required)}, not {FlagValues.Display(actual)}.");
        }
    }

    private static void NotWith(CommandResult result, ModelKind actual, IEnumerable<Option> options, string appliesTo)
    {
        foreach (var option in options.Where(o => result.GetResult(o) is not null))
        {
            result.AddError($"{option.Name} applies only to {appliesTo}, not --model {FlagValues.Display(actual)}.");
        }
    }
}
