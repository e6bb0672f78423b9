namespace Maas.Server.Security;

/// <summary>
/// API keys and what bounds their misuse: the administrator's key, the per-key request rate, the per-address rate of
/// failed authentications and how often those are written to the audit log (configuration section <c>Maas:Security</c>).
/// </summary>
internal sealed class SecurityOptions
{
    /// <summary>
    /// The admin API key, <c>maas_&lt;id&gt;_&lt;secret&gt;</c>. When set, the server makes sure this key exists as an active
    /// admin key at every start; when <c>null</c> and the server has no keys at all, it generates one, prints it once and
    /// writes it to <c>&lt;data-dir&gt;/admin.key</c> (mode 0600). A value that is not a well-formed key stops the server
    /// from starting. A secret: never logged, masked by <c>--print-config</c>, and never a command-line flag.
    /// </summary>
    public string? AdminKey { get; set; }

    /// <summary>
    /// Requests per second each API key may make, on average; a key over its rate gets 429 (REST) or
    /// RESOURCE_EXHAUSTED (gRPC) with the time to wait. 0 turns the limit off. Default 100,000: a guard against a
    /// runaway client, not a quota; set a lower rate per deployment.
    /// </summary>
    public double RequestsPerSecondPerKey { get; set; } = 100_000;

    /// <summary>How many requests a key may make at once before its rate applies (the token bucket's size). Default 200,000.</summary>
    public int RequestBurstPerKey { get; set; } = 200_000;

    /// <summary>
    /// Failed authentications per second each remote address may make, on average (a token bucket per address). An
    /// address whose bucket is empty gets 429 (REST) or RESOURCE_EXHAUSTED (gRPC) for every request that needs a key,
    /// before its key is looked up. Requests with a valid key spend nothing. 0 turns the limit off. Default 20.
    /// </summary>
    public double FailedAuthenticationsPerSecondPerAddress { get; set; } = 20;

    /// <summary>How many failed authentications an address may make at once before its rate applies. Default 2,000.</summary>
    public int FailedAuthenticationBurstPerAddress { get; set; } = 2_000;

    /// <summary>
    /// How long failed authentications are counted in memory before they are written: one audit line per remote
    /// address and reason per interval, with the count and the first and last time. Default 1 minute; at least 100 ms.
    /// </summary>
    public TimeSpan AuthenticationFailureAuditInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The youngest audit entries an admin may drop: <c>POST /api/v1/admin/audit/prune</c> refuses a cut-off later
    /// than this long ago. Default 90 days; at least 1 day.
    /// </summary>
    public TimeSpan MinAuditRetention { get; set; } = TimeSpan.FromDays(90);
}
