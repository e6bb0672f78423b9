namespace Maas.Cli;

/// <summary>A failure on the user's side of the wire, such as a file that already exists; printed as <c>error: …</c>.</summary>
internal sealed class CliException : Exception
{
    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
