namespace Maas.Core;

/// <summary>
/// The one exception type for domain failures. <see cref="Exception.Message"/> is a sentence written for the user
/// who sent the request: it never contains a server path, a secret or a stack trace.
/// </summary>
public sealed class MaasException : Exception
{
    public MaasException(ErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    public MaasException(ErrorCode code, string message, Exception innerException)
        : base(message, innerException)
    {
        Code = code;
    }

    public MaasException()
        : this(ErrorCode.Internal, "An unexpected error occurred.")
    {
    }

    public MaasException(string message)
        : this(ErrorCode.Internal, message)
    {
    }

    public MaasException(string message, Exception innerException)
        : this(ErrorCode.Internal, message, innerException)
    {
    }

    /// <summary>What kind of failure this is; decides the status code at the edge.</summary>
    public ErrorCode Code { get; }

    public static MaasException NotFound(string message) => new(ErrorCode.NotFound, message);

    public static MaasException Conflict(string message) => new(ErrorCode.Conflict, message);

    public static MaasException Invalid(string message) => new(ErrorCode.InvalidArgument, message);

    public static MaasException InvalidModel(string message) => new(ErrorCode.InvalidModel, message);
}
