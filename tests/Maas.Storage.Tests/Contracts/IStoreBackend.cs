namespace Maas.Storage.Tests.Contracts;

/// <summary>One implementation of the metadata stores under contract test, on one database for one test.</summary>
/// <remarks>Disposing the backend removes the database; the stores it opened are disposed first, by the test.</remarks>
internal interface IStoreBackend : IAsyncDisposable
{
    /// <summary>
    /// Opens the stores on the test's database. Every call opens a new, independent instance on the same data, which
    /// is how the tests reopen a database and how they run two writers side by side.
    /// </summary>
    Task<MetadataStores> OpenAsync(TimeProvider clock);
}
