using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Maas.Core;

namespace Maas.Server.Hosting.Errors;

/// <summary>
/// Sentences for the requests ASP.NET Core and System.Text.Json refuse before an endpoint runs: a body that is not
/// JSON, a value of the wrong type, an unknown enum value or member, a missing required member, a query parameter
/// that does not parse. Their own messages name .NET types (<c>System.Int32</c>, <c>Maas.Core.Security.Role</c>,
/// <c>Nullable&lt;int&gt; limit</c>), which say how the server is built and nothing a caller can act on; these name the
/// field and what it must be instead.
/// </summary>
internal static partial class BindingProblems
{
    /// <summary>A sentence for a refused body or parameter, free of .NET type names.</summary>
    public static string Describe(BadHttpRequestException exception) => exception.InnerException is JsonException json
        ? Describe(json)
        : DescribeParameter(exception.Message);

    /// <summary>A sentence for a body System.Text.Json could not bind.</summary>
    public static string Describe(JsonException exception)
    {
        var message = exception.Message;
        var field = Field(exception.Path);
        if (UnknownMember().Match(message) is { Success: true } unknown)
        {
            return $"The field '{Clip(unknown.Groups["name"].Value)}' is not known to this endpoint; check its spelling against the API documentation (/openapi/v1.json).";
        }

        if (MissingMembers().Match(message) is { Success: true } missing)
        {
            return $"The request body lacks required fields: {missing.Groups["names"].Value}.";
        }

        if (NotConverted().Match(message) is { Success: true } converted)
        {
            var type = converted.Groups["type"].Value;
            var expected = Expected(type) ?? ExpectedOfMember(type, exception.Path);
            return field is null
                ? "The request body must be a JSON object with this endpoint's fields (see /openapi/v1.json)."
                : $"The field '{field}' {(expected is null ? "has a value of the wrong type" : "must be " + expected)}.";
        }

        // A syntax error: the reader's own sentence (no type in it) and where it is.
        var reason = LocationSuffix().Replace(message, string.Empty).Trim();
        return LooksLikeTypeName().IsMatch(reason)
            ? $"The request body is not valid JSON for this endpoint (at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1})."
            : $"The request body is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}): {TextRules.Escape(reason)}";
    }

    private static string DescribeParameter(string message)
    {
        if (BindFailure().Match(message) is { Success: true } bind)
        {
            var expected = ExpectedFromCSharp(bind.Groups["type"].Value);
            return $"The parameter '{bind.Groups["name"].Value}' must be {expected}; '{Clip(bind.Groups["value"].Value)}' was given.";
        }

        if (RequiredParameter().Match(message) is { Success: true } required)
        {
            return $"The parameter '{required.Groups["name"].Value}' is required.";
        }

        return LooksLikeTypeName().IsMatch(message) ? "The request could not be read; see /openapi/v1.json for what this endpoint takes." : TextRules.Escape(message);
    }

    // "$.model.kind" → "model.kind"; the root ("$") names no field.
    private static string? Field(string? path) =>
        path is null or "$" ? null : TextRules.Escape(path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$'));

    private static string? Expected(string typeName)
    {
        if (NullableOf().Match(typeName) is { Success: true } nullable)
        {
            typeName = nullable.Groups["inner"].Value;
        }

        return typeName switch
        {
            "System.Int16" or "System.Int32" or "System.Int64" or "System.UInt16" or "System.UInt32" or "System.UInt64" or "System.Byte" => "a whole number in range",
            "System.Single" or "System.Double" or "System.Decimal" => "a finite number",
            "System.String" => "a string",
            "System.Boolean" => "true or false",
            "System.DateTimeOffset" or "System.DateTime" => "a date and time such as 2026-01-31T12:00:00Z",
            "System.TimeSpan" => "a duration such as 00:30:00",
            _ when typeName.Contains("Dictionary", StringComparison.Ordinal) => "an object of names and strings",
            _ when typeName.Contains("List`", StringComparison.Ordinal) || typeName.EndsWith("[]", StringComparison.Ordinal) || typeName.Contains("Enumerable", StringComparison.Ordinal) => "a list",
            _ when EnumNames(typeName) is { } names => "one of " + string.Join(", ", names),
            _ => null,
        };
    }

    private static string ExpectedFromCSharp(string type) => type.Replace("Nullable<", string.Empty, StringComparison.Ordinal).TrimEnd('>', '?') switch
    {
        "int" or "long" or "short" or "uint" or "ulong" or "ushort" or "byte" => "a whole number in range",
        "double" or "float" or "decimal" => "a number",
        "bool" => "true or false",
        "DateTimeOffset" or "DateTime" => "a date and time such as 2026-01-31T12:00:00Z",
        _ => "a value of the documented form",
    };

    // System.Text.Json names the record when a member of it fails to convert ("… converted to
    // Maas.Core.Security.CreateKeyRequest. Path: $.role"): the member's own type says what was expected.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The server is not trimmed; only Maas.Core's records are looked up.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The server is not trimmed; the records' public properties are kept.")]
    private static string? ExpectedOfMember(string typeName, string? path)
    {
        if (path is null || !typeName.StartsWith("Maas.Core.", StringComparison.Ordinal) || typeof(ErrorCode).Assembly.GetType(typeName) is not { } owner)
        {
            return null;
        }

        var member = path[(path.LastIndexOf('.') + 1)..];
        if (owner.GetProperty(member, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not { } property)
        {
            return null;
        }

        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant())) : Expected(type.FullName ?? type.Name);
    }

    // The wire names of one of Maas.Core's enums, which are their member names in lower case.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The server is not trimmed; only Maas.Core's enums are looked up.")]
    private static IEnumerable<string>? EnumNames(string typeName) =>
        typeName.StartsWith("Maas.Core.", StringComparison.Ordinal) && typeof(ErrorCode).Assembly.GetType(typeName) is { IsEnum: true } type
            ? Enum.GetNames(type).Select(n => n.ToLowerInvariant())
            : null;

    private static string Clip(string value) => TextRules.Escape(value.Length > 64 ? value[..64] + "…" : value);

    [GeneratedRegex(@"The JSON property '(?<name>[^']*)' could not be mapped")]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"missing required properties,? including:? (?<names>.+?)\.?$", RegexOptions.Singleline)]
    private static partial Regex MissingMembers();

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\.\s*Path:")]
    private static partial Regex NotConverted();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>.+)\]$")]
    private static partial Regex NullableOf();

    [GeneratedRegex(@"\s*Path: .*$", RegexOptions.Singleline)]
    private static partial Regex LocationSuffix();

    [GeneratedRegex(@"Failed to bind parameter ""(?<type>.+?) (?<name>\w+)"" from ""(?<value>.*)""\.?$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex(@"Required parameter ""(?<type>.+?) (?<name>\w+)"" was not provided")]
    private static partial Regex RequiredParameter();

    [GeneratedRegex(@"System\.|Maas\.|Microsoft\.|`\d|\.NET|Exception")]
    private static partial Regex LooksLikeTypeName();
}
