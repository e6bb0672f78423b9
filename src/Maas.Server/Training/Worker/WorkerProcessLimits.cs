using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Maas.Server.Training.Worker;

/// <summary>
/// What a worker does to itself before it trains, so that serving wins the cores and a runaway dies alone: it lowers
/// the priority of all its threads, and on Linux asks the kernel's out-of-memory killer to pick it first. Each step is
/// a best effort: a refusal is reported on standard error (which the server logs) and training goes on.
/// </summary>
internal static partial class WorkerProcessLimits
{
    /// <summary>The nice value of the worker's threads (the server's are 0): the scheduler gives serving the cores first.</summary>
    public const int NiceValue = 10;

    private const int PriorityOfProcess = 0;

    public static void Apply(TextWriter error)
    {
        try
        {
            LowerPriority();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            error.WriteLine("maas worker: could not lower the priority: " + exception.Message);
        }

        if (OperatingSystem.IsLinux())
        {
            try
            {
                // 1000: first in line when the machine runs out of memory, before the server (a process may raise its own).
                File.WriteAllText("/proc/self/oom_score_adj", "1000");
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                error.WriteLine("maas worker: could not raise the out-of-memory score: " + exception.Message);
            }
        }
    }

    private static void LowerPriority()
    {
        if (!OperatingSystem.IsLinux())
        {
            // Elsewhere the priority class is the whole process's.
            using var self = Process.GetCurrentProcess();
            self.PriorityClass = ProcessPriorityClass.BelowNormal;
            return;
        }

        // On Linux a nice value belongs to a thread, and new threads inherit their creator's: every thread that exists
        // now (the runtime's included) is lowered, so every thread created later, ONNX Runtime's too, starts lowered.
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            var id = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
            if (SetPriority(PriorityOfProcess, id, NiceValue) != 0)
            {
                throw new IOException($"setpriority failed for thread {id} (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
