using System.Globalization;

namespace Maas.Training.Data;

/// <summary>
/// Collects one CSV column while the file streams by. Values are kept as doubles for as long as every one parses as a
/// finite number; the few whose text is not the number's canonical spelling ("1.50", "007") keep their text too, so
/// a column that turns out categorical can be rebuilt exactly. After the first non-number the column stores
/// interned strings.
/// </summary>
internal sealed class CsvColumnBuilder(string name)
{
    private double[] _numbers = new double[256];
    private Dictionary<int, string>? _originalText;
    private List<string?>? _labels;
    private HashSet<string>? _interned;
    private int _count;

    public string Name => name;

    public void Add(ReadOnlySpan<char> field)
    {
        if (MissingValues.IsMissing(field))
        {
            if (_labels is null)
            {
                AddNumber(double.NaN);
            }
            else
            {
                _labels.Add(null);
            }

            return;
        }

        if (_labels is null)
        {
            if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                AddNumber(number);
                if (!IsCanonical(number, field))
                {
                    (_originalText ??= [])[_count - 1] = field.ToString();
                }

                return;
            }

            SwitchToLabels();
        }

        _labels!.Add(Intern(field));
    }

    public DataColumn Build()
    {
        if (_labels is not null)
        {
            return new CategoricalColumn(name, [.. _labels]);
        }

        Array.Resize(ref _numbers, _count);
        return new NumericColumn(name, _numbers);
    }

    private void AddNumber(double value)
    {
        if (_count == _numbers.Length)
        {
            Array.Resize(ref _numbers, _numbers.Length * 2);
        }

        _numbers[_count++] = value;
    }

    private void SwitchToLabels()
    {
        _labels = new List<string?>(Math.Max(_count * 2, 256));
        for (var i = 0; i < _count; i++)
        {
            var number = _numbers[i];
            _labels.Add(double.IsNaN(number) ? null
                : _originalText is not null && _originalText.TryGetValue(i, out var text) ? Intern(text)
                : Intern(number.ToString(CultureInfo.InvariantCulture)));
        }

        _numbers = [];
        _originalText = null;
    }

    private string Intern(ReadOnlySpan<char> text)
    {
        _interned ??= new HashSet<string>(StringComparer.Ordinal);
        var lookup = _interned.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var existing))
        {
            return existing;
        }

        var created = text.ToString();
        _interned.Add(created);
        return created;
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
