namespace Maas.Core.Inference;

/// <summary>Shape arithmetic shared by the codecs and the runtime, with overflow turned into a clear error.</summary>
public static class TensorShapes
{
    /// <summary>
    /// The product of <paramref name="shape"/>; throws <see cref="ErrorCode.InvalidArgument"/> for a negative dimension
    /// or a product that overflows 64 bits.
    /// </summary>
    public static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                throw MaasException.Invalid($"Shape {Format(shape)} has a negative dimension.");
            }

            try
            {
                count = checked(count * dim);
            }
            catch (OverflowException)
            {
                throw MaasException.Invalid($"Shape {Format(shape)} has more elements than can be counted.");
            }
        }

        return count;
    }

    /// <summary>Formats a shape as <c>[1, 30]</c>.</summary>
    public static string Format(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            parts[i] = shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return "[" + string.Join(", ", parts) + "]";
    }
}
