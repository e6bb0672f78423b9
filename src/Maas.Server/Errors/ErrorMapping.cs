using Maas.Core;

namespace Maas.Server.Errors;

/// <summary>The one place where a domain error code becomes a protocol status.</summary>
internal static class ErrorMapping
{
    public static int ToHttpStatus(ErrorCode code) => code switch
    {
        ErrorCode.InvalidArgument => StatusCodes.Status400BadRequest,
        ErrorCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorCode.PermissionDenied => StatusCodes.Status403Forbidden,
        ErrorCode.NotFound => StatusCodes.Status404NotFound,
        ErrorCode.Conflict => StatusCodes.Status409Conflict,
        ErrorCode.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCode.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorCode.InvalidModel => StatusCodes.Status422UnprocessableEntity,
        ErrorCode.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
