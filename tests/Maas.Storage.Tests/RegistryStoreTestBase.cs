using Maas.Core;
using Maas.Core.Security;
using Maas.Core.Storage;
using Maas.Core.Training;
using Maas.Storage.Sqlite;

namespace Maas.Storage.Tests;

/// <summary>Opens a database on a new file for each test, with every store on it, and removes it afterwards.</summary>
public abstract class RegistryStoreTestBase : IAsyncLifetime
{
    // Sub-millisecond ticks on purpose: stored timestamps must round-trip exactly.
    internal static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 23, 16, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    internal static readonly ModelSignature Signature = new(
        [new TensorSpec("features", TensorDataType.FP32, [-1, 30])],
        [new TensorSpec("probability", TensorDataType.FP32, [-1, 1])]);

    private SqliteDatabase? _database;

    internal TemporaryDirectory Directory { get; } = new();

    internal ManualTimeProvider Clock { get; } = new(Start);

    internal string DatabasePath => Directory.Combine("maas.db");

    internal SqliteDatabase Database => _database ?? throw new InvalidOperationException("The database is not open.");

    internal IRegistryStore Models => new SqliteRegistryStore(Database);

    internal IKeyStore Keys => new SqliteKeyStore(Database);

    internal IAuditLog Audit => new SqliteAuditLog(Database);

    internal IDatasetStore Datasets => new SqliteDatasetStore(Database);

    internal IJobStore Jobs => new SqliteJobStore(Database);

    internal IBlobReferences References => new SqliteBlobReferences(Database);

    internal static CancellationToken None => CancellationToken.None;

    internal static BlobInfo Blob(char hexDigit, long size = 1234) => new("sha256:" + new string(hexDigit, 64), size);

    public virtual async Task InitializeAsync() => _database = await SqliteDatabase.OpenAsync(DatabasePath, Clock, CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Directory.Dispose();
    }
}
