using Maas.Core;
using Spectre.Console;

namespace Maas.Cli.Output;

/// <summary>A model's inputs and outputs as one table: what a caller must send and will get back.</summary>
internal static class SignatureView
{
    public static Table Table(ModelSignature signature)
    {
        var table = new Table().AddColumns("", "NAME", "DATATYPE", "SHAPE");
        Add(table, "input", signature.Inputs);
        Add(table, "output", signature.Outputs);
        return table;
    }

    private static void Add(Table table, string kind, IReadOnlyList<TensorSpec> tensors)
    {
        foreach (var tensor in tensors)
        {
            table.AddRow(new Text(kind, new Style(Color.Grey)), new Text(tensor.Name), new Text(tensor.Datatype.ToString()), new Text(tensor.ShapeText));
        }
    }
}
