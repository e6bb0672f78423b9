using System.Globalization;

namespace Maas.Core.Configuration;

/// <summary>
/// Collects what is wrong with one options object, one sentence per bad setting. Every sentence starts with the
/// setting's property name (<c>MaxJsonDepth must be between 4 and 1000; 2 was given.</c>): the layer that owns the
/// options knows its rules but not how the operator set them, so the host replaces that name with the flag and the
/// configuration key when it reports the failure.
/// </summary>
public sealed class OptionChecks
{
    private readonly List<string> _failures = [];

    /// <summary>The sentences collected so far, in the order the checks ran.</summary>
    public IReadOnlyList<string> Failures => _failures;

    public void AtLeast(string name, long value, long min)
    {
        if (value < min)
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"{name} must be at least {min}; {value} was given."));
        }
    }

    public void Between(string name, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max}; {value} was given."));
        }
    }

    /// <summary>A duration that must be at least <paramref name="min"/>; <paramref name="minText"/> says it in words.</summary>
    public void AtLeast(string name, TimeSpan value, TimeSpan min, string minText)
    {
        if (value < min)
        {
            Fail($"{name} must be {minText}.");
        }
    }

    /// <summary>Records <paramref name="sentence"/> (which must start with the setting's name) unless <paramref name="condition"/> holds.</summary>
    public void Require(bool condition, string sentence)
    {
        if (!condition)
        {
            Fail(sentence);
        }
    }

    public void Fail(string sentence)
    {
        ArgumentException.ThrowIfNullOrEmpty(sentence);
        _failures.Add(sentence);
    }
}
