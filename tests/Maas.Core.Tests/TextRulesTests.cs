namespace Maas.Core.Tests;

/// <summary>The one rule for outside text, and the one escaper for showing it.</summary>
public sealed class TextRulesTests
{
    [Theory]
    [InlineData('\0')]
    [InlineData('\u0007')]
    [InlineData('\u001b')]
    [InlineData('\u007f')]
    [InlineData('\u0085')]
    [InlineData('\u009b')]
    [InlineData('\u202a')]
    [InlineData('\u202e')]
    [InlineData('\u2066')]
    [InlineData('\u2069')]
    public void IsRefused_ControlsAndBidiOverrides_AreRefusedEverywhere(char c)
    {
        Assert.True(TextRules.IsRefused(c));
        Assert.True(TextRules.IsRefused(c, allowLineBreaks: true));
    }

    [Theory]
    [InlineData('a')]
    [InlineData(' ')]
    [InlineData('é')]
    [InlineData('\u00a0')]
    [InlineData('\u200e')]
    [InlineData('\u2028')]
    [InlineData('猫')]
    public void IsRefused_PrintableText_IsAllowed(char c) => Assert.False(TextRules.IsRefused(c));

    [Fact]
    public void IsRefused_TabAndLineBreaks_AreAllowedOnlyWhereTheFieldSaysSo()
    {
        foreach (var c in "\t\n\r")
        {
            Assert.True(TextRules.IsRefused(c));
            Assert.False(TextRules.IsRefused(c, allowLineBreaks: true));
        }
    }

    [Fact]
    public void Validate_RefusedCharacter_NamesTheFieldTheCodePointAndThePosition()
    {
        var error = Assert.Throws<MaasException>(() => TextRules.Validate("ab\u001b[2J", "description", allowLineBreaks: true));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.StartsWith("The description contains the control character U+001B at position 3;", error.Message, StringComparison.Ordinal);
        Assert.True(TextRules.IsPrintable(error.Message));
    }

    [Fact]
    public void Escape_WritesEveryRefusedCharacterVisiblyAndLeavesTheRest()
    {
        Assert.Equal("a\\u001b]0;x\\u0007 \\u000a\\u009b\\u202e é", TextRules.Escape("a\u001b]0;x\u0007 \n\u009b\u202e é"));
        Assert.Equal("plain text", TextRules.Escape("plain text"));
        Assert.Equal(string.Empty, TextRules.Escape(null));
    }

    [Fact]
    public void EscapedException_KeepsTypeAndStackAndEscapesEveryMessage()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("outer\u001b[2J", new FormatException("inner\nforged line"));
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        var escaped = EscapedException.For(thrown);
        var text = escaped.ToString();

        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain("inner\nforged", text, StringComparison.Ordinal);
        Assert.Contains("[InvalidOperationException] outer\\u001b[2J", text, StringComparison.Ordinal);
        Assert.Contains("[FormatException] inner\\u000aforged line", text, StringComparison.Ordinal);
        Assert.Contains(nameof(EscapedException_KeepsTypeAndStackAndEscapesEveryMessage), escaped.StackTrace, StringComparison.Ordinal);
        var clean = new InvalidOperationException("clean");
        Assert.Same(clean, EscapedException.For(clean));
    }
}
