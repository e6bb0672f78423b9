using Maas.Core;

namespace Maas.Storage.Tests;

/// <summary>Opens a store on a new database file for each test and removes it afterwards.</summary>
public abstract class RegistryStoreTestBase : IAsyncLifetime
{
    // Sub-millisecond ticks on purpose: stored timestamps must round-trip exactly.
    internal static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 23, 16, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    internal static readonly ModelSignature Signature = new(
        [new TensorSpec("features", TensorDataType.FP32, [-1, 30])],
        [new TensorSpec("probability", TensorDataType.FP32, [-1, 1])]);

    private SqliteRegistryStore? _store;

    internal TemporaryDirectory Directory { get; } = new();

    internal ManualTimeProvider Clock { get; } = new(Start);

    internal string DatabasePath => Directory.Combine("maas.db");

    internal SqliteRegistryStore Store => _store ?? throw new InvalidOperationException("The store is not open.");

    internal static CancellationToken None => CancellationToken.None;

    internal static BlobInfo Blob(char hexDigit, long size = 1234) => new("sha256:" + new string(hexDigit, 64), size);

    public virtual async Task InitializeAsync() => _store = await SqliteRegistryStore.OpenAsync(DatabasePath, Clock, CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        Directory.Dispose();
    }
}
