namespace Maas.Storage.Sqlite;

/// <summary>One step of the metadata schema: after it runs, <c>PRAGMA user_version</c> equals <see cref="Version"/>.</summary>
/// <param name="Version">The schema version this step produces; steps are numbered 1, 2, 3… without gaps.</param>
/// <param name="Sql">The statements of the step, run in one transaction.</param>
internal sealed record Migration(int Version, string Sql);
