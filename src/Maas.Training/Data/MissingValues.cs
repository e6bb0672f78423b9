namespace Maas.Training.Data;

/// <summary>
/// The spellings of a missing value in a CSV field: empty or blank, <c>NA</c>, <c>N/A</c>, <c>NaN</c>, <c>null</c>
/// and <c>?</c>, compared case-insensitively after trimming white space, whether quoted or not.
/// </summary>
internal static class MissingValues
{
    /// <summary>The tokens (besides empty/blank) that mean "missing", in their canonical spelling.</summary>
    public static IReadOnlyList<string> Tokens => TokenArray;

    // Looped over as an array: enumerating the interface would allocate an enumerator for every field of the file.
    private static readonly string[] TokenArray = ["NA", "N/A", "NaN", "null", "?"];

    /// <summary>Whether <paramref name="field"/> spells a missing value.</summary>
    public static bool IsMissing(ReadOnlySpan<char> field)
    {
        var trimmed = field.Trim();
        if (trimmed.IsEmpty)
        {
            return true;
        }

        if (trimmed.Length > 4)
        {
            return false;
        }

        foreach (var token in TokenArray)
        {
            if (trimmed.Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
