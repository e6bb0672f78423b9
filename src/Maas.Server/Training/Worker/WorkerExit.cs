using System.Globalization;
using Maas.Core;
using Maas.Training.Spec;

namespace Maas.Server.Training.Worker;

/// <summary>The sentence a job fails with when its worker process ended without a result.</summary>
internal static class WorkerExit
{
    private static readonly Dictionary<int, string> SignalNames = new()
    {
        [1] = "SIGHUP", [2] = "SIGINT", [4] = "SIGILL", [6] = "SIGABRT", [7] = "SIGBUS", [8] = "SIGFPE", [9] = "SIGKILL",
        [11] = "SIGSEGV", [13] = "SIGPIPE", [15] = "SIGTERM",
    };

    /// <summary>The failure for a worker that exited with <paramref name="exitCode"/> (on Unix, 128 + N after signal N).</summary>
    public static MaasException Describe(int exitCode, TrainingLimits limits, string jobId)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (exitCode == TrainingWorkerHost.OutOfMemoryExitCode)
        {
            return OutOfMemory(limits);
        }

        if (!OperatingSystem.IsWindows() && exitCode > 128 && exitCode < 128 + 65)
        {
            var signal = exitCode - 128;
            var name = SignalNames.TryGetValue(signal, out var known) ? $"signal {signal} ({known})" : $"signal {signal}";
            return signal == 9
                ? Fail($"The training worker process was killed by {name}, as the kernel's out-of-memory killer or an operator does; the job's memory limit is {Bytes(limits.MaxJobMemoryBytes)} (--max-job-memory).")
                : Fail($"The training worker process was ended by {name}; the server log has its last output under job id {jobId}.");
        }

        return Fail(string.Create(CultureInfo.InvariantCulture, $"The training worker process exited with code {exitCode} before it finished; the server log has its last output under job id {jobId}."));
    }

    /// <summary>The failure of a worker whose managed heap reached <see cref="TrainingLimits.MaxJobMemoryBytes"/>.</summary>
    public static MaasException OutOfMemory(TrainingLimits limits) =>
        Fail($"The training worker process ran out of memory (limit {Bytes(limits.MaxJobMemoryBytes)}, --max-job-memory); give the job less data or a smaller model, or raise the limit.");

    /// <summary>The failure of a worker that sent what the protocol does not allow.</summary>
    public static MaasException ProtocolBroken(string jobId) =>
        Fail($"The training worker process broke the worker protocol; the server log has the details under job id {jobId}.");

    /// <summary>The failure of a worker that could not be started.</summary>
    public static MaasException CannotStart(string jobId) =>
        Fail($"The training worker process could not be started; the server log has the reason under job id {jobId}.");

    /// <summary>A byte count as people write it: 64 MiB, 4 GiB, 1.5 GiB.</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {units[unit]}");
    }

    private static MaasException Fail(string sentence) => new(ErrorCode.Unavailable, sentence);
}
