using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Maas.Training.Spec;

namespace Maas.Server.Training.Worker;

/// <summary>
/// How the server starts a training worker: its own executable again, with the hidden command <c>worker train</c>.
/// When the server runs as <c>dotnet maas.dll</c>, the worker does too.
/// </summary>
/// <param name="FileName">The executable: <c>maas</c>, or <c>dotnet</c>.</param>
/// <param name="Arguments">The arguments: <c>worker train</c>, after <c>maas.dll</c> under <c>dotnet</c>.</param>
internal sealed record WorkerCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The name of the <c>maas</c> executable's assembly.</summary>
    public const string MaasAssemblyName = "maas";

    // The server's own configuration and secrets: a worker needs none of them, and must not see the master key.
    private static readonly string[] WithheldVariables = ["MAAS_MASTER_KEY", "MAAS_ADMIN_KEY", "MAAS_API_KEY", "MAAS_DATA_DIR"];

    /// <summary>
    /// The command that starts a worker from this process, or <c>null</c> when this process is not the <c>maas</c>
    /// executable (a test host running the server in-process), which can then only train in-process.
    /// </summary>
    public static WorkerCommand? OfThisProcess()
    {
        var entry = Assembly.GetEntryAssembly();
        var path = Environment.ProcessPath;
        if (entry?.GetName().Name != MaasAssemblyName || path is null)
        {
            return null;
        }

        return string.Equals(Path.GetFileNameWithoutExtension(path), "dotnet", StringComparison.OrdinalIgnoreCase)
            ? new WorkerCommand(path, [entry.Location, "worker", "train"])
            : new WorkerCommand(path, ["worker", "train"]);
    }

    /// <summary>
    /// The start of a worker for a job under <paramref name="limits"/>: pipes for its three streams, the managed heap
    /// capped at <see cref="TrainingLimits.MaxJobMemoryBytes"/>, and an environment without the server's secrets.
    /// </summary>
    public ProcessStartInfo StartInfo(TrainingLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var start = new ProcessStartInfo(FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => WithheldVariables.Contains(k, StringComparer.OrdinalIgnoreCase) || k.StartsWith("MAAS__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        // The runtime reads these in hexadecimal. Workstation GC: one heap, and no GC threads competing with serving.
        start.Environment["DOTNET_GCHeapHardLimit"] = limits.MaxJobMemoryBytes.ToString("x", CultureInfo.InvariantCulture);
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_gcConcurrent"] = "0";
        return start;
    }
}
