using System.Globalization;
using Maas.Core.Training;

namespace Maas.Cli.Commands.Training;

/// <summary>
/// The <c>--conv</c> mini-syntax: layers separated by commas, each <c>filters[:kernel[:stride[:padding]]][:pool]</c>.
/// <c>16:3:1:1:pool,32:3</c> is a 16-filter 3×3 convolution with stride 1 and padding 1 followed by a 2×2 max-pool,
/// then a 32-filter 3×3 convolution. Fields left out keep <see cref="ConvLayerSpec"/>'s defaults, which are the server's
/// (kernel 3, stride 1, padding 0, no pool).
/// </summary>
internal static class ConvSyntax
{
    public const string Pool = "pool";

    /// <summary>Parses the layers, or returns <c>null</c> and the reason in <paramref name="error"/>.</summary>
    public static IReadOnlyList<ConvLayerSpec>? TryParse(string text, out string? error)
    {
        error = null;
        var layers = new List<ConvLayerSpec>();
        foreach (var layerText in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var fields = layerText.Split(':', StringSplitOptions.TrimEntries).ToList();
            var pool = fields.Count > 1 && string.Equals(fields[^1], Pool, StringComparison.OrdinalIgnoreCase);
            if (pool)
            {
                fields.RemoveAt(fields.Count - 1);
            }

            if (fields.Count is < 1 or > 4)
            {
                error = $"'{layerText}' is not a layer: write filters[:kernel[:stride[:padding]]][:pool], such as 16:3:1:1:pool.";
                return null;
            }

            var numbers = new int[fields.Count];
            for (var i = 0; i < fields.Count; i++)
            {
                // Padding may be 0; filters, kernel and stride must be positive.
                var minimum = i == 3 ? 0 : 1;
                if (!int.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]) || numbers[i] < minimum)
                {
                    error = $"'{layerText}': {FieldName(i)} must be a whole number of at least {minimum}, not '{fields[i]}'.";
                    return null;
                }
            }

            var layer = new ConvLayerSpec { Filters = numbers[0], Pool = pool };
            layers.Add(layer with
            {
                Kernel = numbers.Length > 1 ? numbers[1] : layer.Kernel,
                Stride = numbers.Length > 2 ? numbers[2] : layer.Stride,
                Padding = numbers.Length > 3 ? numbers[3] : layer.Padding,
            });
        }

        return layers;
    }

    private static string FieldName(int index) => index switch
    {
        0 => "filters",
        1 => "kernel",
        2 => "stride",
        _ => "padding",
    };
}
