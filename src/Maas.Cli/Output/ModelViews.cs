using Maas.Core.Registry;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Maas.Cli.Output;

/// <summary>Renderings of models. User-supplied text always goes in <see cref="Text"/>, never parsed as markup.</summary>
internal static class ModelViews
{
    private const int MaxLabelsShown = 20;

    public static Table List(IEnumerable<ModelInfo> models)
    {
        var table = new Table().AddColumns("NAME", "VERSIONS", "LATEST", "ALIASES", "DESCRIPTION");
        table.Columns[1].RightAligned();
        table.Columns[2].RightAligned();
        foreach (var model in models)
        {
            table.AddRow(
                new Text(model.Name),
                new Text(Formats.Number(model.VersionCount)),
                new Text(model.LatestVersion is { } latest ? Formats.Number(latest) : "-"),
                new Text(Aliases(model.Aliases)),
                new Text(Formats.OneLine(model.Description, 60)));
        }

        return table;
    }

    /// <summary>The model's metadata, one field per line.</summary>
    public static IRenderable Details(ModelInfo model) => new FieldList()
        .Add("name", model.Name)
        .Add("description", model.Description.Length == 0 ? "-" : model.Description)
        .Add("tags", model.Tags.Count == 0 ? "-" : string.Join(", ", model.Tags.Select(t => $"{t.Key}={t.Value}")))
        .Add("labels", Labels(model.Labels))
        .Add("versions", Formats.Number(model.VersionCount))
        .Add("latest", model.LatestVersion is { } latest ? Formats.Number(latest) : "-")
        .Add("aliases", Aliases(model.Aliases))
        .Add("created", Formats.Time(model.Created))
        .Add("updated", Formats.Time(model.Updated))
        .ToRenderable();

    public static string Aliases(IReadOnlyDictionary<string, int> aliases) =>
        aliases.Count == 0
            ? "-"
            : string.Join(", ", aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}→{a.Value}"));

    private static string Labels(IReadOnlyList<string>? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return "-";
        }

        var shown = string.Join(", ", labels.Take(MaxLabelsShown));
        return labels.Count > MaxLabelsShown ? $"{shown}, … ({labels.Count} in all)" : shown;
    }
}
