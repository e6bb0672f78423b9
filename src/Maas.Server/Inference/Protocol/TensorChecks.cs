using System.Globalization;
using Maas.Core;
using Maas.Core.Inference;

namespace Maas.Server.Inference.Protocol;

/// <summary>The checks both protocols run on a declared input before touching its data, with the same messages.</summary>
internal static class TensorChecks
{
    public static TensorDataType ParseDatatype(string inputName, string? datatype)
    {
        if (string.IsNullOrEmpty(datatype))
        {
            throw MaasException.Invalid($"Input '{inputName}' has no datatype.");
        }

        if (!TensorDataTypeExtensions.TryParse(datatype, out var parsed))
        {
            throw MaasException.Invalid($"Input '{inputName}' has unknown datatype '{datatype}'.");
        }

        return parsed;
    }

    /// <summary>Validates rank, dimensions and size; returns the element count.</summary>
    public static long ElementCount(string inputName, long[] shape, InferenceLimits limits)
    {
        if (shape.Length > limits.MaxRank)
        {
            throw MaasException.Invalid($"Input '{inputName}' has rank {shape.Length}, more than the limit of {limits.MaxRank}.");
        }

        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                throw MaasException.Invalid($"Input '{inputName}' has a negative dimension in shape {TensorShapes.Format(shape)}.");
            }
        }

        long count;
        try
        {
            count = TensorShapes.ElementCount(shape);
        }
        catch (MaasException)
        {
            throw MaasException.Invalid($"Input '{inputName}' has shape {TensorShapes.Format(shape)}, whose element count overflows.");
        }

        if (count > limits.MaxElements)
        {
            throw MaasException.Invalid($"Input '{inputName}' has {count} elements, more than the limit of {limits.MaxElements}.");
        }

        return count;
    }

    /// <summary>Bytes of a fixed-size tensor; the element limit keeps this far below <see cref="Array.MaxLength"/>.</summary>
    public static int ByteSize(string inputName, TensorDataType datatype, long count)
    {
        var bytes = count * datatype.ElementSize();
        if (bytes > Array.MaxLength)
        {
            throw MaasException.Invalid($"Input '{inputName}' needs {bytes} bytes, more than one buffer can hold.");
        }

        return (int)bytes;
    }

    public static MaasException CountMismatch(string inputName, long actual, long[] shape, long expected) =>
        MaasException.Invalid(string.Create(
            CultureInfo.InvariantCulture,
            $"Input '{inputName}' has {actual} values, but shape {TensorShapes.Format(shape)} needs {expected}."));

    public static MaasException Duplicate(string kind, string name) =>
        MaasException.Invalid($"{kind} '{name}' appears more than once.");
}
