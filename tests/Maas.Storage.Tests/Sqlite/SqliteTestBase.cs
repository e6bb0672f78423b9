using Maas.Storage.Sqlite;
using Maas.Storage.Tests.Contracts;

namespace Maas.Storage.Tests.Sqlite;

/// <summary>
/// The tests of what is SQLite's own (pragmas, migrations, the integrity check, the write lock, the tables' triggers):
/// the stores as the contract tests have them, plus the database and its file underneath.
/// </summary>
public abstract class SqliteTestBase : StoreContract
{
    internal SqliteDatabase Database => Sqlite.First ?? throw new InvalidOperationException("The database is not open.");

    internal TemporaryDirectory Directory => Sqlite.Directory;

    internal string DatabasePath => Sqlite.DatabasePath;

    // The base class owns and disposes the backend.
    private SqliteBackend Sqlite => (SqliteBackend)Backend;

    private protected override IStoreBackend CreateBackend() => new SqliteBackend(throughServices: false);
}
