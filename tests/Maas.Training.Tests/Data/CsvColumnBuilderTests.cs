using System.Globalization;
using Maas.Training.Data;

namespace Maas.Training.Tests.Data;

public sealed class CsvColumnBuilderTests
{
    [Theory]
    [InlineData("0", true)]
    [InlineData("-12.5", true)]
    [InlineData("0.0001", true)]
    [InlineData("0.00001", false)]
    [InlineData("123456789012345", true)]
    [InlineData("1234567890123456", false)]
    [InlineData("0.123456789012345", true)]
    [InlineData("0.1234567890123456", false)]
    [InlineData("1.50", false)]
    [InlineData("007", false)]
    [InlineData("1.", false)]
    [InlineData(".5", false)]
    [InlineData("+1", false)]
    [InlineData("1e3", false)]
    [InlineData(" 1", false)]
    public void IsPlainDecimal_RecognisesCanonicalText(string text, bool expected)
    {
        Assert.Equal(expected, CsvColumnBuilder.IsPlainDecimal(text));
    }

    [Fact]
    public void IsPlainDecimal_AgreesWithFormattingWheneverItAccepts()
    {
        // A deterministic sweep of decimal strings of many shapes: whenever the fast test accepts one, the double
        // it parses to must format back to the same text.
        var state = 12345UL;
        var accepted = 0;
        for (var i = 0; i < 200_000; i++)
        {
            state = (state * 6364136223846793005UL) + 1442695040888963407UL;
            var digits = (int)(state >> 60) + 1;
            var mantissa = (long)((state >> 8) % (ulong)Math.Pow(10, Math.Min(digits, 17)));
            var scale = (int)((state >> 4) % 20);
            var text = (mantissa / Math.Pow(10, scale)).ToString("F" + scale, CultureInfo.InvariantCulture);
            text = i % 3 == 0 ? "-" + text : text;
            if (!CsvColumnBuilder.IsPlainDecimal(text))
            {
                continue;
            }

            accepted++;
            var value = double.Parse(text, CultureInfo.InvariantCulture);
            Assert.Equal(text, value.ToString(CultureInfo.InvariantCulture));
        }

        Assert.True(accepted > 10_000, $"only {accepted} accepted");
    }
}
