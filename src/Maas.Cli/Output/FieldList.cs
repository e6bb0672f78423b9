using Spectre.Console;
using Spectre.Console.Rendering;

namespace Maas.Cli.Output;

/// <summary>
/// Lines of "field  value" with the values aligned. A paragraph rather than a grid, because a grid pads every line
/// to its widest cell, which leaves trailing spaces in piped output.
/// </summary>
internal sealed class FieldList
{
    private static readonly Style FieldStyle = new(Color.Grey);
    private readonly List<(string Field, string Value)> _rows = [];

    public FieldList Add(string field, string value)
    {
        _rows.Add((field, value));
        return this;
    }

    public IRenderable ToRenderable()
    {
        var width = _rows.Count == 0 ? 0 : _rows.Max(r => r.Field.Length) + 2;
        var paragraph = new Paragraph();
        foreach (var (field, value) in _rows)
        {
            paragraph.Append(field.PadRight(width), FieldStyle);
            paragraph.Append(value + "\n");
        }

        return paragraph;
    }
}
