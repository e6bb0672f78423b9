namespace Maas.Testing;

/// <summary>
/// A fact that needs Linux or macOS, such as one that checks a libc constant Maas knows only there: anywhere else it is
/// reported as skipped with its reason.
/// </summary>
internal sealed class LinuxOrMacOSFactAttribute : FactAttribute
{
    public LinuxOrMacOSFactAttribute(string reason)
    {
        Reason = reason;
        Skip = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? null : "Linux and macOS only: " + reason;
    }

    /// <summary>Why the test needs Linux or macOS.</summary>
    public string Reason { get; }
}
