namespace Maas.Core;

/// <summary>
/// The kinds of domain failure Maas reports. The edge maps each to one HTTP status and one gRPC status, in one place.
/// </summary>
public enum ErrorCode
{
    /// <summary>The request is malformed or a value breaks a rule (HTTP 400).</summary>
    InvalidArgument,

    /// <summary>No credential, or one that is not valid (HTTP 401).</summary>
    Unauthenticated,

    /// <summary>A valid credential that may not do this (HTTP 403).</summary>
    PermissionDenied,

    /// <summary>The named resource does not exist (HTTP 404).</summary>
    NotFound,

    /// <summary>The request conflicts with the current state, such as a duplicate name (HTTP 409).</summary>
    Conflict,

    /// <summary>The body is larger than the configured limit (HTTP 413).</summary>
    PayloadTooLarge,

    /// <summary>The body's media type is not the one the endpoint takes (HTTP 415).</summary>
    UnsupportedMediaType,

    /// <summary>The uploaded artefact is not a model Maas can serve (HTTP 422).</summary>
    InvalidModel,

    /// <summary>The caller sent too many requests (HTTP 429).</summary>
    RateLimited,

    /// <summary>The server cannot take the request now; retrying later may work (HTTP 503).</summary>
    Unavailable,

    /// <summary>A bug or an unexpected failure inside Maas (HTTP 500).</summary>
    Internal,

    /// <summary>
    /// Stored data failed its integrity check: an authentication tag or the content digest did not match, so the data
    /// was refused rather than used (HTTP 500; gRPC <c>DATA_LOSS</c>).
    /// </summary>
    IntegrityFailure,
}
