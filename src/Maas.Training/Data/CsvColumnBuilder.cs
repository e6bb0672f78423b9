using System.Globalization;
using System.Text;

namespace Maas.Training.Data;

/// <summary>
/// Collects one CSV column while the file streams by, at a bounded cost per cell (<see cref="DatasetMemory"/>). Values
/// are kept as doubles for as long as every one parses as a finite number; the few whose text is not the number's
/// canonical spelling ("1.50", "007") also go, as UTF-8, into a compact log, so a column that turns out categorical can
/// be rebuilt exactly. After the first non-number the column stores an index per row into its distinct labels.
/// </summary>
internal sealed class CsvColumnBuilder(string name)
{
    private readonly ChunkedBuffer<double> _numbers = new();

    // Rows whose numeric text is not canonical, and that text (a one- or five-byte length, then UTF-8), in row order.
    private readonly ChunkedBuffer<int> _textRows = new();
    private readonly ChunkedBuffer<byte> _text = new();
    private ChunkedBuffer<int>? _codes;
    private Dictionary<string, int>? _labelIndex;
    private List<string>? _labels;
    private long _labelBytes;
    private int _count;

    public string Name => name;

    /// <summary>
    /// The bytes this column holds now: its cells, the text log while it is numeric, its distinct labels once it is
    /// categorical. The built column keeps no more.
    /// </summary>
    public long Bytes => _codes is null
        ? ((long)_count * DatasetMemory.NumericCellBytes) + (_textRows.Count * sizeof(int)) + _text.Count
        : ((long)_count * DatasetMemory.CategoricalCellBytes) + _labelBytes;

    public void Add(ReadOnlySpan<char> field)
    {
        if (MissingValues.IsMissing(field))
        {
            if (_codes is null)
            {
                _numbers.Add(double.NaN);
            }
            else
            {
                _codes.Add(-1);
            }

            _count++;
            return;
        }

        if (_codes is null)
        {
            if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                _numbers.Add(number);
                if (!IsCanonical(number, field))
                {
                    LogText(_count, field);
                }

                _count++;
                return;
            }

            SwitchToLabels();
        }

        _codes!.Add(CodeOf(field));
        _count++;
    }

    public DataColumn Build()
    {
        if (_codes is not null)
        {
            var codes = _codes.ToArray();
            _codes.Clear();
            return new CategoricalColumn(name, codes, [.. _labels!]);
        }

        var numbers = _numbers.ToArray();
        _numbers.Clear();
        _textRows.Clear();
        _text.Clear();
        return new NumericColumn(name, numbers);
    }

    private void LogText(int row, ReadOnlySpan<char> field)
    {
        _textRows.Add(row);
        var length = Encoding.UTF8.GetByteCount(field);
        Span<byte> prefix = stackalloc byte[5];
        if (length < byte.MaxValue)
        {
            _text.Add((byte)length);
        }
        else
        {
            prefix[0] = byte.MaxValue;
            BitConverter.TryWriteBytes(prefix[1..], length);
            _text.AddRange(prefix);
        }

        var bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(field, bytes);
        _text.AddRange(bytes);
    }

    private void SwitchToLabels()
    {
        _codes = new ChunkedBuffer<int>();
        _labels = [];
        _labelIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var texts = ReadTextLog().GetEnumerator();
        var nextText = texts.MoveNext() ? texts.Current : (Row: -1, Text: string.Empty);
        var row = 0;
        foreach (var chunk in _numbers.Chunks())
        {
            for (var i = 0; i < chunk.Length; i++, row++)
            {
                var number = chunk.Span[i];
                if (double.IsNaN(number))
                {
                    _codes.Add(-1);
                }
                else if (nextText.Row == row)
                {
                    _codes.Add(CodeOf(nextText.Text));
                    nextText = texts.MoveNext() ? texts.Current : (-1, string.Empty);
                }
                else
                {
                    _codes.Add(CodeOf(number.ToString(CultureInfo.InvariantCulture)));
                }
            }
        }

        _numbers.Clear();
        _textRows.Clear();
        _text.Clear();
    }

    private IEnumerable<(int Row, string Text)> ReadTextLog()
    {
        var bytes = _text.ToArray();
        var at = 0;
        foreach (var chunk in _textRows.Chunks())
        {
            for (var i = 0; i < chunk.Length; i++)
            {
                int length = bytes[at++];
                if (length == byte.MaxValue)
                {
                    length = BitConverter.ToInt32(bytes, at);
                    at += sizeof(int);
                }

                yield return (chunk.Span[i], Encoding.UTF8.GetString(bytes, at, length));
                at += length;
            }
        }
    }

    /// <summary>The index of <paramref name="text"/> among the column's labels, adding it the first time.</summary>
    private int CodeOf(ReadOnlySpan<char> text)
    {
        var lookup = _labelIndex!.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var code))
        {
            return code;
        }

        var label = text.ToString();
        code = _labels!.Count;
        _labels.Add(label);
        _labelIndex.Add(label, code);
        _labelBytes += DatasetMemory.LabelBytes(label.Length);
        return code;
    }

    /// <summary>Whether <paramref name="text"/> is exactly how <paramref name="number"/> formats (shortest round-trip, invariant).</summary>
    internal static bool IsCanonical(double number, ReadOnlySpan<char> text)
    {
        if (IsPlainDecimal(text))
        {
            return true;
        }

        Span<char> formatted = stackalloc char[32];
        return number.TryFormat(formatted, out var written, default, CultureInfo.InvariantCulture)
            && formatted[..written].SequenceEqual(text);
    }

    /// <summary>
    /// A fast, formatting-free test for the common case: an optional minus, an integer part without leading zeros,
    /// an optional fraction without trailing zeros, at most 15 significant digits and a magnitude that .NET prints
    /// without an exponent (below 1e15, at least 1e-4). Such text round-trips through double unchanged.
    /// </summary>
    internal static bool IsPlainDecimal(ReadOnlySpan<char> text)
    {
        var i = text.Length > 0 && text[0] == '-' ? 1 : 0;
        var integerStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var integerDigits = i - integerStart;
        if (integerDigits is 0 or > 15 || (integerDigits > 1 && text[integerStart] == '0'))
        {
            return false;
        }

        var significant = text[integerStart] == '0' ? 0 : integerDigits;
        if (i == text.Length)
        {
            return true;
        }

        if (text[i] != '.')
        {
            return false;
        }

        var fractionStart = ++i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i != text.Length || i == fractionStart || text[^1] == '0')
        {
            return false;
        }

        var fraction = text[fractionStart..];
        if (significant == 0)
        {
            var zeros = fraction.IndexOfAnyExcept('0');
            if (zeros > 3)
            {
                return false;
            }

            significant = fraction.Length - zeros;
        }
        else
        {
            significant += fraction.Length;
        }

        return significant <= 15;
    }
}
