using Maas.Storage.Tests.Contracts;

namespace Maas.Storage.Tests.Sqlite;

// The model aggregate's contracts again, on the stores as AddMaasSqliteStorage registers them: the model store behind
// the read cache. The cache must be invisible, so every answer it gives has to be the one the database would give.

public sealed class RegisteredSqliteModelStoreTests : ModelStoreContract
{
    private protected override IStoreBackend CreateBackend() => new SqliteBackend(throughServices: true);
}

public sealed class RegisteredSqliteVersionStoreTests : VersionStoreContract
{
    private protected override IStoreBackend CreateBackend() => new SqliteBackend(throughServices: true);
}

public sealed class RegisteredSqliteAliasStoreTests : AliasStoreContract
{
    private protected override IStoreBackend CreateBackend() => new SqliteBackend(throughServices: true);
}

public sealed class RegisteredSqliteServingConfigTests : ServingConfigContract
{
    private protected override IStoreBackend CreateBackend() => new SqliteBackend(throughServices: true);
}

public sealed class RegisteredSqliteBlobReferencesTests : BlobReferencesContract
{
    private protected override IStoreBackend CreateBackend() => new SqliteBackend(throughServices: true);
}
