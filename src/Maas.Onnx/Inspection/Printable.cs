namespace Maas.Onnx.Inspection;

/// <summary>
/// Makes text from an uploaded file safe to quote in an error message: the message reaches users, logs and terminals,
/// so a name may neither run to megabytes nor carry control characters (escape sequences, line breaks).
/// </summary>
internal static class Printable
{
    private const int MaxLength = 80;

    public static string Clip(string value)
    {
        var clipped = value.Length > MaxLength ? value[..MaxLength] + "…" : value;
        return string.Create(clipped.Length, clipped, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
