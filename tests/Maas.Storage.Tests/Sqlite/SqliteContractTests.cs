using Maas.Storage.Tests.Contracts;

namespace Maas.Storage.Tests.Sqlite;

// The SQLite implementation joins every contract: each class below runs one contract's tests on a fresh database file.

public sealed class SqliteModelStoreTests : ModelStoreContract
{
    private protected override IStoreBackend CreateBackend() => new SqliteBackend(throughServices: false);
}

public sealed class SqliteVersionStoreTests : VersionStoreContract
{
    private protected override IStoreBackend CreateBackend() => new SqliteBackend(throughServices: false);
}

public sealed class SqliteAliasStoreTests : AliasStoreContract
{
    private protected override IStoreBackend CreateBackend() => new SqliteBackend(throughServices: false);
}

public sealed class SqliteServingConfigTests : ServingConfigContract
{
    private protected override IStoreBackend CreateBackend() => new SqliteBackend(throughServices: false);
}

public sealed class SqliteKeyStoreTests : KeyStoreContract
{
    private protected override IStoreBackend CreateBackend() => new SqliteBackend(throughServices: false);
}

public sealed class SqliteAuditLogTests : AuditLogContract
{
    private protected override IStoreBackend CreateBackend() => new SqliteBackend(throughServices: false);
}

public sealed class SqliteDatasetStoreTests : DatasetStoreContract
{
    private protected override IStoreBackend CreateBackend() => new SqliteBackend(throughServices: false);
}

public sealed class SqliteJobStoreTests : JobStoreContract
{
    private protected override IStoreBackend CreateBackend() => new SqliteBackend(throughServices: false);
}

public sealed class SqliteBlobReferencesTests : BlobReferencesContract
{
    private protected override IStoreBackend CreateBackend() => new SqliteBackend(throughServices: false);
}
