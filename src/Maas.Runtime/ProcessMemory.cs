using System.Globalization;

namespace Maas.Runtime;

/// <summary>
/// The process's resident memory, which is what the host measures a load by: ONNX Runtime allocates natively, so the
/// managed heap does not see a session. Linux reads <c>/proc/self/statm</c> (cheap, no <see cref="System.Diagnostics.Process"/>
/// snapshot); elsewhere <see cref="Environment.WorkingSet"/>.
/// </summary>
internal static class ProcessMemory
{
    private const string Statm = "/proc/self/statm";

    public static long ResidentBytes()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                // "size resident shared text lib data dt", in pages.
                var fields = File.ReadAllText(Statm).Split(' ', 3);
                return long.Parse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture) * Environment.SystemPageSize;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // Fall through: a container may hide /proc; the working set says the same, at a higher price.
            }
        }

        return Environment.WorkingSet;
    }
}
