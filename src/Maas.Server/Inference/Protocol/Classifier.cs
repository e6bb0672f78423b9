using System.Buffers.Binary;
using System.Globalization;
using Maas.Core;
using Maas.Core.Inference;

namespace Maas.Server.Inference.Protocol;

/// <summary>
/// The classification extension: replaces a score tensor by its top-N classes as BYTES elements
/// <c>"value:index[:label]"</c>, best first, ties broken by the lower index.
/// </summary>
internal static class Classifier
{
    /// <param name="scores">FP32 or FP64 scores, shape <c>[classes]</c> or <c>[batch, classes]</c>.</param>
    /// <param name="topN">How many classes to keep per row (at least 1); fewer when there are fewer classes.</param>
    /// <param name="labels">Labels by class index; classes past its end get no label part.</param>
    /// <returns>A BYTES tensor of the same name, shape <c>[N']</c> or <c>[batch, N']</c>.</returns>
    public static InferTensor Classify(InferTensor scores, int topN, IReadOnlyList<string>? labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (topN < 1)
        {
            throw MaasException.Invalid($"Output '{scores.Name}' asks for {topN} classes; classification needs at least 1.");
        }

        if (scores.Datatype is not (TensorDataType.FP32 or TensorDataType.FP64))
        {
            throw MaasException.Invalid($"Output '{scores.Name}' is {scores.Datatype}; classification needs FP32 or FP64 scores.");
        }

        if (scores.Shape.Length is not (1 or 2))
        {
            throw MaasException.Invalid(
                $"Output '{scores.Name}' has shape {TensorShapes.Format(scores.Shape)}; classification needs [classes] or [batch, classes].");
        }

        var batched = scores.Shape.Length == 2;
        var rows = batched ? (int)scores.Shape[0] : 1;
        var classes = (int)scores.Shape[^1];
        var kept = Math.Min(topN, classes);
        var result = new string[rows * kept];
        var values = new double[classes];
        var order = new int[classes];
        for (var row = 0; row < rows; row++)
        {
            ReadRow(scores, row, values);
            for (var i = 0; i < classes; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, new ScoreOrder(values));
            for (var k = 0; k < kept; k++)
            {
                result[(row * kept) + k] = Format(scores.Datatype, values[order[k]], order[k], labels);
            }
        }

        long[] shape = batched ? [rows, kept] : [kept];
        return new InferTensor(scores.Name, shape, result);
    }

    private static void ReadRow(InferTensor scores, int row, double[] values)
    {
        var size = scores.Datatype.ElementSize();
        var data = scores.Data.Span.Slice(row * values.Length * size, values.Length * size);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = size == 4
                ? BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..])
                : BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]);
        }
    }

    private static string Format(TensorDataType datatype, double value, int index, IReadOnlyList<string>? labels)
    {
        // Shortest text that round-trips in the score's own precision, as Triton prints it (0.1f gives "0.1").
        var text = datatype == TensorDataType.FP32
            ? ((float)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString(CultureInfo.InvariantCulture);
        var indexText = index.ToString(CultureInfo.InvariantCulture);
        return labels is not null && index < labels.Count
            ? string.Concat(text, ":", indexText, ":", labels[index])
            : string.Concat(text, ":", indexText);
    }

    /// <summary>Descending by score, NaN last, then ascending by index, so the order is total and stable.</summary>
    private sealed class ScoreOrder(double[] values) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var a = values[x];
            var b = values[y];
            var aIsNaN = double.IsNaN(a);
            if (aIsNaN != double.IsNaN(b))
            {
                return aIsNaN ? 1 : -1;
            }

            if (!aIsNaN && a != b)
            {
                return a > b ? -1 : 1;
            }

            return x.CompareTo(y);
        }
    }
}
