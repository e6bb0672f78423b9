namespace Maas.Runtime;

/// <summary>Where a model version is in its life inside the host.</summary>
public enum ModelLoadState
{
    /// <summary>Not in memory; the next request loads it.</summary>
    Unloaded,

    /// <summary>Reading the artefact, creating the session or warming up.</summary>
    Loading,

    /// <summary>Loaded and warmed up; requests run.</summary>
    Ready,

    /// <summary>The last load failed; <see cref="ModelStatus.Reason"/> says why.</summary>
    Unavailable,

    /// <summary>Waiting for in-flight requests to finish before the session is released.</summary>
    Unloading,
}
