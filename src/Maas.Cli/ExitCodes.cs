namespace Maas.Cli;

/// <summary>The process exit codes of <c>maas</c>, as documented in docs/cli.md.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The server refused the request, could not be reached, or a local file operation failed.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: an unknown option, a missing argument, a value that does not parse.</summary>
    public const int Usage = 2;

    /// <summary>The user pressed Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
