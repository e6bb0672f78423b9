using Maas.Core;

namespace Maas.Server.Hosting.Errors;

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
        ErrorCode.IntegrityFailure => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static Grpc.Core.StatusCode ToGrpcStatus(ErrorCode code) => code switch
    {
        ErrorCode.InvalidArgument or ErrorCode.InvalidModel or ErrorCode.UnsupportedMediaType => Grpc.Core.StatusCode.InvalidArgument,
        ErrorCode.Unauthenticated => Grpc.Core.StatusCode.Unauthenticated,
        ErrorCode.PermissionDenied => Grpc.Core.StatusCode.PermissionDenied,
        ErrorCode.NotFound => Grpc.Core.StatusCode.NotFound,
        ErrorCode.Conflict => Grpc.Core.StatusCode.AlreadyExists,
        ErrorCode.PayloadTooLarge => Grpc.Core.StatusCode.ResourceExhausted,
        ErrorCode.RateLimited => Grpc.Core.StatusCode.ResourceExhausted,
        ErrorCode.Unavailable => Grpc.Core.StatusCode.Unavailable,
        ErrorCode.IntegrityFailure => Grpc.Core.StatusCode.DataLoss,
        _ => Grpc.Core.StatusCode.Internal,
    };
}
