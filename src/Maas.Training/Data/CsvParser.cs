using System.Buffers;
using System.Globalization;
using Maas.Core;

namespace Maas.Training.Data;

/// <summary>
/// The RFC 4180 state machine behind <see cref="CsvDatasetReader"/>: fed decoded characters in chunks of any size,
/// it tracks the physical line and the field number for error messages and hands each field to its column.
/// </summary>
internal sealed class CsvParser(CsvReadLimits limits)
{
    /// <summary>What the decoder substitutes for bytes that are not UTF-8.</summary>
    public const char InvalidCharacter = '\uFFFF';

    private static readonly SearchValues<char> UnquotedSpecials = SearchValues.Create(",\"\r\n" + InvalidCharacter);
    private static readonly SearchValues<char> QuotedSpecials = SearchValues.Create("\"\r\n" + InvalidCharacter);

    private readonly List<(string Name, long Line)> _headerNames = [];
    private CsvColumnBuilder[]? _columns;
    private char[] _field = new char[256];
    private int _fieldLength;
    private int _fieldIndex;
    private long _fieldLine = 1;
    private long _line = 1;
    private long _rows;
    private long _memoryBytes;
    private State _state;
    private bool _recordHasContent;
    private bool _lastWasCr;
    private bool _atFileStart = true;

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteSeen,
    }

    public void Feed(ReadOnlySpan<char> chunk)
    {
        var i = 0;
        if (_atFileStart && chunk.Length > 0)
        {
            _atFileStart = false;
            if (chunk[0] == '\uFEFF')
            {
                i = 1;
            }
        }

        while (i < chunk.Length)
        {
            // Bulk-copy runs of ordinary characters; only the specials go through the state machine.
            if (_state is State.Unquoted or State.Quoted)
            {
                var rest = chunk[i..];
                var run = rest.IndexOfAny(_state == State.Quoted ? QuotedSpecials : UnquotedSpecials);
                if (run < 0)
                {
                    run = rest.Length;
                }

                if (run > 0)
                {
                    _lastWasCr = false;
                    Append(rest[..run]);
                    i += run;
                    continue;
                }
            }

            Step(chunk[i++]);
        }
    }

    public DataTable Finish()
    {
        if (_state == State.Quoted)
        {
            throw Fail(_fieldLine, _fieldIndex + 1, "a quoted field is not closed before the end of the file (the quote opens here)");
        }

        if (_recordHasContent)
        {
            EndField();
            EndRecord();
        }

        if (_columns is null)
        {
            throw Fail(_line, 1, "the file is empty; a header row naming the columns is required");
        }

        if (_rows == 0)
        {
            throw Fail(_line, 1, "the file has a header row but no data rows");
        }

        return new DataTable(_columns.Select(c => c.Build()).ToArray());
    }

    private void Step(char c)
    {
        if (c == InvalidCharacter)
        {
            throw Fail(_line, _fieldIndex + 1, "the file is not valid UTF-8 (or contains the noncharacter U+FFFF)");
        }

        if (c == '\n' && _lastWasCr)
        {
            // The LF of a CRLF: the CR already ended the line.
            _lastWasCr = false;
            if (_state == State.Quoted)
            {
                Append('\n');
            }

            return;
        }

        _lastWasCr = false;
        switch (_state)
        {
            case State.FieldStart:
                _recordHasContent |= c is not ('\r' or '\n');
                switch (c)
                {
                    case '"':
                        _state = State.Quoted;
                        break;
                    case ',':
                        EndField();
                        break;
                    case '\r' or '\n':
                        EndLine(c);
                        break;
                    default:
                        Append(c);
                        _state = State.Unquoted;
                        break;
                }

                break;

            case State.Unquoted:
                switch (c)
                {
                    case ',':
                        EndField();
                        break;
                    case '\r' or '\n':
                        EndLine(c);
                        break;
                    case '"':
                        throw Fail(_line, _fieldIndex + 1, $"a quote inside an unquoted field{ColumnNote()}; quote the whole field and double the quotes inside it");
                    default:
                        Append(c);
                        break;
                }

                break;

            case State.Quoted:
                if (c == '"')
                {
                    _state = State.QuoteSeen;
                }
                else
                {
                    Append(c);
                    if (c is '\r' or '\n')
                    {
                        _lastWasCr = c == '\r';
                        _line++;
                    }
                }

                break;

            case State.QuoteSeen:
                switch (c)
                {
                    case '"':
                        Append('"');
                        _state = State.Quoted;
                        break;
                    case ',':
                        EndField();
                        break;
                    case '\r' or '\n':
                        EndLine(c);
                        break;
                    default:
                        throw Fail(_line, _fieldIndex + 1, $"unexpected '{c}' after the closing quote of a field{ColumnNote()}; a quoted field must end at a comma or the end of the line");
                }

                break;
        }
    }

    private void EndLine(char c)
    {
        _lastWasCr = c == '\r';
        if (_recordHasContent)
        {
            EndField();
            EndRecord();
        }

        // An empty line is skipped; either way the next field starts on the next physical line.
        _line++;
        _fieldLine = _line;
    }

    private void EndField()
    {
        var value = _field.AsSpan(0, _fieldLength);
        if (_columns is null)
        {
            if (_headerNames.Count == limits.MaxColumns)
            {
                throw Fail(_fieldLine, _fieldIndex + 1, $"the header has more than {limits.MaxColumns} columns (the limit)");
            }

            _headerNames.Add((value.Trim().ToString(), _fieldLine));
        }
        else
        {
            if (_fieldIndex >= _columns.Length)
            {
                throw Fail(_fieldLine, _fieldIndex + 1, $"the row has more fields than the header's {_columns.Length} columns");
            }

            if (_fieldIndex == 0 && _rows == limits.MaxRows)
            {
                throw Fail(_fieldLine, 1, $"the file has more than {limits.MaxRows} data rows (the limit)");
            }

            var column = _columns[_fieldIndex];
            var before = column.Bytes;
            column.Add(value);
            _memoryBytes += column.Bytes - before;
            if (_memoryBytes > limits.MaxMemoryBytes)
            {
                throw new MaasException(
                    ErrorCode.PayloadTooLarge,
                    string.Create(CultureInfo.InvariantCulture, $"line {_fieldLine}, column {_fieldIndex + 1}: the dataset takes more than {limits.MaxMemoryBytes} bytes in memory by this point ({_memoryBytes} bytes: 8 per numeric cell, 4 per categorical cell and each distinct label once)."));
            }
        }

        _fieldIndex++;
        _fieldLength = 0;
        _fieldLine = _line;
        _state = State.FieldStart;
    }

    private void EndRecord()
    {
        if (_columns is null)
        {
            _columns = CreateColumns();
        }
        else
        {
            if (_fieldIndex != _columns.Length)
            {
                throw Fail(_line, _fieldIndex + 1, $"the row has {_fieldIndex} field{(_fieldIndex == 1 ? "" : "s")}; the header has {_columns.Length} (column '{_columns[_fieldIndex].Name}' is missing)");
            }

            _rows++;
        }

        _fieldIndex = 0;
        _recordHasContent = false;
    }

    private CsvColumnBuilder[] CreateColumns()
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var columns = new CsvColumnBuilder[_headerNames.Count];
        for (var i = 0; i < _headerNames.Count; i++)
        {
            var (name, line) = _headerNames[i];
            if (name.Length == 0)
            {
                throw Fail(line, i + 1, "the header's column name is empty; every column needs a name");
            }

            // Column names are shown by the CLI and written into training logs and the ONNX graph's names.
            if (TextRules.IndexOfRefused(name) is var refused and >= 0)
            {
                throw Fail(line, i + 1, $"the header's column name contains the control character {TextRules.CodePoint(name[refused])}; control characters (U+0000–U+001F, U+007F–U+009F) and bidirectional overrides (U+202A–U+202E, U+2066–U+2069) are refused in column names");
            }

            if (!seen.TryAdd(name, i))
            {
                throw Fail(line, i + 1, $"the column name '{name}' is already used by column {seen[name] + 1}; names must be distinct");
            }

            columns[i] = new CsvColumnBuilder(name);
        }

        return columns;
    }

    private string ColumnNote() =>
        _columns is not null && _fieldIndex < _columns.Length ? $" (column '{_columns[_fieldIndex].Name}')" : string.Empty;

    private void Append(char c)
    {
        EnsureRoom(1);
        _field[_fieldLength++] = c;
    }

    private void Append(ReadOnlySpan<char> chars)
    {
        EnsureRoom(chars.Length);
        chars.CopyTo(_field.AsSpan(_fieldLength));
        _fieldLength += chars.Length;
    }

    private void EnsureRoom(int count)
    {
        var needed = _fieldLength + count;
        if (needed > limits.MaxFieldLength)
        {
            throw Fail(_fieldLine, _fieldIndex + 1, $"a field is longer than {limits.MaxFieldLength} characters (the limit); is a quote left open?");
        }

        if (needed > _field.Length)
        {
            Array.Resize(ref _field, (int)Math.Min(Math.Max(needed, _field.Length * 2L), limits.MaxFieldLength));
        }
    }

    private static MaasException Fail(long line, int column, string problem) =>
        new(ErrorCode.InvalidArgument, $"line {line}, column {column}: {problem}.");
}
