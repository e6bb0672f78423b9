using Maas.Core;

namespace Maas.Server.Security;

/// <summary>
/// Why the access policy refused a request: an error code that <see cref="Hosting.Errors.ErrorMapping"/> turns into the
/// protocol's status (401/UNAUTHENTICATED, 429/RESOURCE_EXHAUSTED, 403/PERMISSION_DENIED), a sentence for the client,
/// and how long to wait when the key is over its rate.
/// </summary>
internal sealed record AccessRefusal(ErrorCode Code, string Message, TimeSpan? RetryAfter = null)
{
    /// <summary>Whole seconds, rounded up and at least 1, as <c>Retry-After</c> needs.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling((RetryAfter ?? TimeSpan.Zero).TotalSeconds));
}
