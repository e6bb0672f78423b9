using Maas.Core;
using Maas.Core.Security;
using Maas.Core.Storage;
using Maas.Core.Training;

namespace Maas.Storage.Tests.Contracts;

/// <summary>
/// The base of the contract tests: what every implementation of the metadata stores must do, whatever database is
/// under it. Each test gets a fresh, empty database from <see cref="CreateBackend"/> and the stores on it; an
/// implementation joins the suite with one sealed subclass per contract that returns its backend.
/// </summary>
public abstract class StoreContract : IAsyncLifetime
{
    // Sub-millisecond ticks on purpose: stored timestamps must round-trip exactly.
    internal static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 23, 16, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    internal static readonly ModelSignature Signature = new(
        [new TensorSpec("features", TensorDataType.FP32, [-1, 30])],
        [new TensorSpec("probability", TensorDataType.FP32, [-1, 1])]);

    private IStoreBackend? _backend;
    private MetadataStores? _stores;

    internal ManualTimeProvider Clock { get; } = new(Start);

    internal IRegistryStore Models => Stores.Models;

    internal IKeyStore Keys => Stores.Keys;

    internal IAuditLog Audit => Stores.Audit;

    internal IDatasetStore Datasets => Stores.Datasets;

    internal IJobStore Jobs => Stores.Jobs;

    internal IBlobReferences References => Stores.References;

    internal static CancellationToken None => CancellationToken.None;

    private protected IStoreBackend Backend => _backend ?? throw new InvalidOperationException("The backend is not created.");

    private protected MetadataStores Stores => _stores ?? throw new InvalidOperationException("The stores are not open.");

    internal static BlobInfo Blob(char hexDigit, long size = 1234) => new("sha256:" + new string(hexDigit, 64), size);

    public virtual async Task InitializeAsync()
    {
        _backend = CreateBackend();
        _stores = await _backend.OpenAsync(Clock);
    }

    public async Task DisposeAsync()
    {
        if (_stores is not null)
        {
            await _stores.DisposeAsync();
        }

        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
    }

    /// <summary>The implementation under test, on a new, empty database.</summary>
    private protected abstract IStoreBackend CreateBackend();

    /// <summary>
    /// Another, independent set of stores on the test's database, as another process or replica opens it (its own
    /// connections, its own in-process state); the caller disposes it.
    /// </summary>
    private protected Task<MetadataStores> OpenAnotherAsync() => Backend.OpenAsync(Clock);
}
