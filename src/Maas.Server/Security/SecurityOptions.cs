namespace Maas.Server.Security;

/// <summary>API keys: the administrator's key and the per-key request rate (configuration section <c>Maas:Security</c>).</summary>
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
}
