namespace GrpcLoad;

/// <summary>Something the callers send requests to; <see cref="SendAsync"/> throws when a request fails.</summary>
internal interface ILoadTarget
{
    /// <summary>Sends request number <paramref name="sequence"/> of caller <paramref name="caller"/> and awaits its answer.</summary>
    Task SendAsync(int caller, long sequence, CancellationToken cancellationToken);

    string Describe();
}
