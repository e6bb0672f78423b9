using Maas.Core.Training;

namespace Maas.Client.Training;

/// <summary>One server-sent event of <c>GET /api/v1/jobs/{id}/events</c>.</summary>
public sealed record JobEvent
{
    /// <summary>What happened.</summary>
    public required JobEventKind Kind { get; init; }

    /// <summary>The job as it is now, for <see cref="JobEventKind.Progress"/> and <see cref="JobEventKind.End"/>.</summary>
    public JobInfo? Job { get; init; }

    /// <summary>The new log line, for <see cref="JobEventKind.Log"/>.</summary>
    public JobLogLine? Log { get; init; }
}

/// <summary>The kinds of job events.</summary>
public enum JobEventKind
{
    /// <summary>The job changed (<c>event: progress</c>); <see cref="JobEvent.Job"/> holds it.</summary>
    Progress,

    /// <summary>The job wrote a log line (<c>event: log</c>); <see cref="JobEvent.Log"/> holds it.</summary>
    Log,

    /// <summary>The job reached a final state (<c>event: end</c>); <see cref="JobEvent.Job"/> holds it. The stream closes after it.</summary>
    End,
}
