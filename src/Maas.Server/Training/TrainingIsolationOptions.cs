namespace Maas.Server.Training;

/// <summary>Where training jobs run (configuration section <c>Maas:Training</c>, beside the training limits).</summary>
internal sealed class TrainingIsolationOptions
{
    /// <summary>Each job in a <c>maas worker train</c> child process of its own.</summary>
    public const string Process = "process";

    /// <summary>Each job on a thread of the server's own process.</summary>
    public const string InProcess = "in-process";

    /// <summary><see cref="Process"/> when the server runs as the <c>maas</c> executable, <see cref="InProcess"/> otherwise.</summary>
    public const string Auto = "auto";

    /// <summary>The values <see cref="Isolation"/> accepts.</summary>
    public static readonly IReadOnlyList<string> Modes = [Auto, Process, InProcess];

    /// <summary>
    /// Where each job's dataset parsing and training run. Default <c>auto</c>: in a worker process when the server is
    /// the <c>maas</c> executable (<c>maas serve</c>), in the server's process when something else hosts it (tests).
    /// </summary>
    public string Isolation { get; set; } = Auto;
}
