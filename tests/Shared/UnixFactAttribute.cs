namespace Maas.Testing;

/// <summary>
/// A fact that needs Unix (file modes, signals, libc): on Windows it is reported as skipped with its reason, where a
/// test that returned early would have passed without testing anything.
/// </summary>
internal sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute(string reason)
    {
        Reason = reason;
        Skip = OperatingSystem.IsWindows() ? "Unix only: " + reason : null;
    }

    /// <summary>Why the test needs Unix.</summary>
    public string Reason { get; }
}
