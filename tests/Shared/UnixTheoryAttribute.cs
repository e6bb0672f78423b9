namespace Maas.Testing;

/// <summary>A theory that needs Unix: on Windows it is reported as skipped with its reason (see <see cref="UnixFactAttribute"/>).</summary>
internal sealed class UnixTheoryAttribute : TheoryAttribute
{
    public UnixTheoryAttribute(string reason)
    {
        Reason = reason;
        Skip = OperatingSystem.IsWindows() ? "Unix only: " + reason : null;
    }

    /// <summary>Why the test needs Unix.</summary>
    public string Reason { get; }
}
