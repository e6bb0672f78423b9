namespace Maas.Testing;

/// <summary>
/// The admin key test servers start with (<c>MAAS_ADMIN_KEY</c> for a child process, the admin key option in process).
/// One constant, so a test that restarts a server on the same data folder keeps its key.
/// </summary>
internal static class TestKeys
{
    // Random, as an operator's key must look (a repeated 0123…f is refused as weak).
    public const string Admin = "maas_testadmin_9c064a8f6660f287cede7cc8459dcefc2a35a163772b93babbd2d81654cfba13";

    /// <summary>The environment variable <c>maas serve</c> reads the admin key from.</summary>
    public const string AdminKeyVariable = "MAAS_ADMIN_KEY";

    /// <summary>The environment variable the CLI's client commands read their key from.</summary>
    public const string ApiKeyVariable = "MAAS_API_KEY";
}
