namespace Maas.Core.Training;

/// <summary>One page of stored jobs, newest first.</summary>
/// <param name="Jobs">The jobs of the page.</param>
/// <param name="NextPageToken">The id of the last job, to pass for the next page; <c>null</c> on the last page.</param>
public sealed record StoredJobPage(IReadOnlyList<StoredJob> Jobs, string? NextPageToken);
