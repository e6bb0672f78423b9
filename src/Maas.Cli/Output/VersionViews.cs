using Maas.Core.Registry;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Maas.Cli.Output;

/// <summary>Renderings of model versions.</summary>
internal static class VersionViews
{
    public static Table List(IEnumerable<ModelVersionInfo> versions)
    {
        var table = new Table().AddColumns("VERSION", "DIGEST", "SIZE", "CREATED", "ALIASES");
        table.Columns[0].RightAligned();
        table.Columns[2].RightAligned();
        foreach (var version in versions)
        {
            table.AddRow(
                new Text(Formats.Number(version.Version)),
                new Text(Formats.ShortDigest(version.Digest)),
                new Text(Formats.Bytes(version.Size)),
                new Text(Formats.Time(version.Created)),
                new Text(version.Aliases.Count == 0 ? "-" : string.Join(", ", version.Aliases)));
        }

        return table;
    }

    /// <summary>One version's identity, one field per line, with the digest in full.</summary>
    public static IRenderable Details(ModelVersionInfo version) => new FieldList()
        .Add("model", version.Model)
        .Add("version", Formats.Number(version.Version))
        .Add("digest", version.Digest)
        .Add("size", version.Size < 1024 ? Formats.Bytes(version.Size) : $"{Formats.Bytes(version.Size)} ({Formats.Number(version.Size)} bytes)")
        .Add("created", Formats.Time(version.Created))
        .Add("aliases", version.Aliases.Count == 0 ? "-" : string.Join(", ", version.Aliases))
        .ToRenderable();
}
