namespace Maas.Core.Storage;

/// <summary>
/// Which blobs the metadata still names, across every aggregate: model versions, dataset versions, and the data and
/// last checkpoint of jobs that are queued or running. The registry asks before it deletes a blob, and at start-up to
/// find the orphans a crash left.
/// </summary>
/// <remarks>
/// This is the one read that spans aggregates, so it has an interface of its own rather than living in one store and
/// knowing the others' tables.
/// </remarks>
public interface IBlobReferences
{
    /// <summary>Whether any record still refers to the blob with this digest.</summary>
    Task<bool> IsBlobReferencedAsync(string digest, CancellationToken cancellationToken);

    /// <summary>Every digest some record refers to; used at start-up to find orphaned blobs.</summary>
    Task<IReadOnlySet<string>> ListReferencedDigestsAsync(CancellationToken cancellationToken);
}
