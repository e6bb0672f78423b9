namespace Maas.Client;

/// <summary>
/// A request to the Maas server failed: the server answered with an error status, sent an answer the client could
/// not read, or could not be reached at all. <see cref="Exception.Message"/> is the server's sentence for a human
/// (the problem's <c>detail</c>), so it can be shown to users as it is.
/// </summary>
public sealed class MaasApiException : Exception
{
    /// <summary>Creates an exception for a failed request.</summary>
    /// <param name="statusCode">The HTTP status the server answered with, or 0 when no answer arrived.</param>
    /// <param name="code">The machine-readable error code, such as <c>NotFound</c>; <c>null</c> when unknown.</param>
    /// <param name="detail">A sentence describing the failure for a human.</param>
    /// <param name="problemJson">The <c>application/problem+json</c> body as sent, when there was one.</param>
    /// <param name="innerException">The failure that caused this one, if any.</param>
    public MaasApiException(int statusCode, string? code, string detail, string? problemJson = null, Exception? innerException = null)
        : base(detail, innerException)
    {
        StatusCode = statusCode;
        Code = code;
        Detail = detail;
        ProblemJson = problemJson;
    }

    /// <summary>Creates an exception with no status code and the given message as its detail.</summary>
    public MaasApiException()
        : this(0, null, "The request to the Maas server failed.")
    {
    }

    /// <summary>Creates an exception with no status code and <paramref name="message"/> as its detail.</summary>
    public MaasApiException(string message)
        : this(0, null, message)
    {
    }

    /// <summary>Creates an exception with no status code, <paramref name="message"/> as its detail and a cause.</summary>
    public MaasApiException(string message, Exception innerException)
        : this(0, null, message, null, innerException)
    {
    }

    /// <summary>
    /// The HTTP status code of the server's answer, such as 404 or 409; 0 when the server could not be reached or
    /// the connection failed before an answer arrived.
    /// </summary>
    public int StatusCode { get; }

    /// <summary>
    /// The machine-readable error code from the problem's <c>code</c> member (<c>InvalidArgument</c>,
    /// <c>NotFound</c>, <c>Conflict</c>, <c>PayloadTooLarge</c>, <c>UnsupportedMediaType</c>, <c>InvalidModel</c>…),
    /// or <c>Unavailable</c> when the server could not be reached; <c>null</c> when the answer carried none.
    /// </summary>
    public string? Code { get; }

    /// <summary>
    /// The failure as a sentence for a human: the problem's <c>detail</c>, else its <c>title</c>, else the body text,
    /// else a sentence naming the status. Never empty.
    /// </summary>
    public string Detail { get; }

    /// <summary>
    /// The raw <c>application/problem+json</c> body the server sent, for callers that want to pass it on unchanged;
    /// <c>null</c> when the answer was not JSON or no answer arrived.
    /// </summary>
    public string? ProblemJson { get; }

    /// <summary>Whether the server could not be reached at all (no HTTP answer).</summary>
    public bool IsConnectionFailure => StatusCode == 0;
}
