using System.Buffers;
using System.Text;
using Maas.Core.Training;

namespace Maas.Training.Data;

/// <summary>
/// Reads a CSV dataset into a <see cref="DataTable"/>, streaming: the file is decoded and parsed a buffer at a time
/// and values go straight into per-column storage, so memory is about that of the parsed columns.
/// </summary>
/// <remarks>
/// <para>The format is RFC 4180 with the usual relaxations: UTF-8 (a byte-order mark is skipped), a header row is
/// required, fields are separated by commas, a field may be quoted with <c>"</c> (a doubled quote inside stands for
/// one; commas and line breaks inside quotes are data), records end with CRLF, LF or a lone CR, the final line
/// break is optional and empty lines are skipped. Header names are trimmed and must be non-blank and distinct.</para>
/// <para>Missing values are described by <see cref="MissingValues"/>. A column is <see cref="DatasetColumnKind.Numeric"/>
/// when every non-missing value parses as a finite number in the invariant culture (leading/trailing white space
/// allowed, no thousands separators), otherwise <see cref="DatasetColumnKind.Categorical"/> with the exact original text
/// (a column of only missing values is numeric).</para>
/// <para>The first problem rejects the file with <see cref="Maas.Core.MaasException"/>
/// (<see cref="Maas.Core.ErrorCode.InvalidArgument"/>) and a message <c>line L, column C: …</c>, where L is the
/// 1-based physical line and C the 1-based field number.</para>
/// </remarks>
public static class CsvDatasetReader
{
    private const int BufferChars = 64 * 1024;

    /// <summary>
    /// Decodes invalid UTF-8 as U+FFFF, a noncharacter the parser rejects where it appears, so the error can name the
    /// line and column of the bad bytes (an exception from the decoder could only name the buffer).
    /// </summary>
    private static readonly Encoding Utf8 = CreateEncoding();

    /// <summary>Reads and validates a whole CSV file.</summary>
    /// <param name="csv">The file's bytes; read to the end and not disposed (the caller owns it).</param>
    /// <param name="limits">The row, column and field-length bounds.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The table, with at least one column and one row.</returns>
    /// <exception cref="Maas.Core.MaasException">The file is malformed or exceeds a limit (<see cref="Maas.Core.ErrorCode.InvalidArgument"/>).</exception>
    public static async Task<DataTable> ReadAsync(Stream csv, CsvReadLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxRows, 1, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxColumns, 1, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxFieldLength, 1, nameof(limits));

        using var reader = new StreamReader(csv, Utf8, detectEncodingFromByteOrderMarks: false, BufferChars, leaveOpen: true);
        var parser = new CsvParser(limits);
        var buffer = ArrayPool<char>.Shared.Rent(BufferChars);
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory(0, BufferChars), cancellationToken)) > 0)
            {
                parser.Feed(buffer.AsSpan(0, read));
            }

            return parser.Finish();
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static Encoding CreateEncoding()
    {
        var encoding = (Encoding)new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).Clone();
        encoding.DecoderFallback = new DecoderReplacementFallback(CsvParser.InvalidCharacter.ToString());
        return encoding;
    }
}
