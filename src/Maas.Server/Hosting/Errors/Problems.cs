using Maas.Core;

namespace Maas.Server.Hosting.Errors;

/// <summary>Builds the <c>application/problem+json</c> bodies of the management API.</summary>
internal static class Problems
{
    public static IResult From(MaasException exception) => Create(exception.Code, exception.Message);

    public static IResult Create(ErrorCode code, string detail)
    {
        var status = ErrorMapping.ToHttpStatus(code);
        var slug = string.Concat(code.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
        return TypedResults.Problem(
            detail: detail,
            statusCode: status,
            type: "https://maas.dev/errors/" + slug,
            extensions: new Dictionary<string, object?> { ["code"] = code.ToString() });
    }
}
