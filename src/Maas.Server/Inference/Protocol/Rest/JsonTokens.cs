using System.Text;
using System.Text.Json;
using Maas.Core;

namespace Maas.Server.Inference.Protocol.Rest;

/// <summary>Small helpers over <see cref="Utf8JsonReader"/> that turn surprises into user-facing messages.</summary>
internal static class JsonTokens
{
    public static void Read(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw MaasException.Invalid("The request JSON ends too early.");
        }
    }

    /// <summary>Reads the next token and insists it is <paramref name="expected"/>.</summary>
    public static void ReadExpecting(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        Read(ref reader);
        if (reader.TokenType != expected)
        {
            throw MaasException.Invalid($"{what} must be a JSON {(expected == JsonTokenType.StartArray ? "array" : "object")}, not {Describe(ref reader)}.");
        }
    }

    /// <summary>The current string or property name, refusing text that is not UTF-8.</summary>
    /// <summary>Like the other overload; the message is only built on failure.</summary>
    public static void ReadExpecting(ref Utf8JsonReader reader, JsonTokenType expected, TensorLabel label, string property)
    {
        Read(ref reader);
        if (reader.TokenType != expected)
        {
            throw MaasException.Invalid($"{label} '{property}' must be a JSON {(expected == JsonTokenType.StartArray ? "array" : "object")}, not {Describe(ref reader)}.");
        }
    }

    public static string GetString(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            throw MaasException.Invalid($"{what} must be a JSON string, not {Describe(ref reader)}.");
        }

        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new MaasException(ErrorCode.InvalidArgument, $"{what} is not valid UTF-8.", ex);
        }
    }

    /// <summary>A short description of the current token for error messages: the number itself, or its kind.</summary>
    public static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.ValueSpan.Length <= 40 => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.Number => "a very long number",
        JsonTokenType.String => "a string",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => reader.TokenType.ToString(),
    };

    /// <summary>The string value of a tensor's property; the message is only built if the value is refused.</summary>
    public static string GetString(ref Utf8JsonReader reader, TensorLabel label, string property) =>
        reader.TokenType == JsonTokenType.String && TryGetString(ref reader, out var value)
            ? value
            : GetString(ref reader, $"{label} '{property}'");

    private static bool TryGetString(ref Utf8JsonReader reader, out string value)
    {
        try
        {
            value = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = string.Empty;
            return false;
        }
    }
}
