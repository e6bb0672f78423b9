using Maas.Core;
using Maas.Core.Storage;
using Maas.Core.Training;
using Maas.Server.Hosting;
using Maas.Server.Models;
using Maas.Server.Security;
using Maas.Storage;
using Maas.Training.Data;
using Microsoft.Extensions.Options;

namespace Maas.Server.Training;

/// <summary>
/// Datasets: a push streams the CSV into a staged blob (hashed and encrypted as it arrives, like a model upload),
/// parses and profiles it, and only then commits the blob and the version row. A dataset outside a scoped key's
/// patterns is hidden from it, as a model is.
/// </summary>
internal sealed partial class DatasetService(
    IDatasetStore store,
    IBlobStore blobs,
    ModelRegistry registry,
    TrainingSettings settings,
    IOptions<LimitsOptions> limits,
    ILogger<DatasetService> logger)
{
    /// <summary>Streams, checks and stores the next version of dataset <paramref name="name"/>.</summary>
    public async Task<DatasetVersionInfo> PushAsync(string name, Stream csv, MaasCaller caller, CancellationToken cancellationToken)
    {
        ResourceName.Validate(name, "dataset name");
        caller.AuditTarget = name;
        if (!caller.CanAccess(name))
        {
            throw new MaasException(
                ErrorCode.PermissionDenied,
                $"This key may only use datasets matching {string.Join(", ", caller.Scopes.Select(s => $"'{s}'"))}; '{name}' is not one of them.");
        }

        await CheckCapsAsync(name, caller, cancellationToken);
        await using var staged = await blobs.StageAsync(csv, limits.Value.MaxModelBytes, progress: null, cancellationToken);
        DatasetSchema schema;
        await using (var read = staged.OpenRead())
        {
            try
            {
                schema = DatasetProfiler.Profile(await CsvDatasetReader.ReadAsync(read, settings.CsvLimits, cancellationToken));
            }
            catch (MaasException exception) when (exception.Code == ErrorCode.InvalidArgument)
            {
                // Disposing the staged blob deletes it: a refused file leaves nothing behind.
                throw MaasException.Invalid($"The dataset is not a CSV file Maas can read: {exception.Message}");
            }
            catch (MaasException exception) when (exception.Code == ErrorCode.PayloadTooLarge)
            {
                throw new MaasException(
                    ErrorCode.PayloadTooLarge,
                    $"The dataset is too large to train on: {exception.Message} A training job may use at most {settings.Limits.MaxJobMemoryBytes} bytes (--max-job-memory, Maas:Training:MaxJobMemoryBytes); push fewer rows or columns, or raise that limit.");
            }
        }

        var columns = schema.Columns.Select(ToColumn).ToList();
        var version = await registry.CommitBlobAsync(
            staged,
            blob => store.AddDatasetVersionAsync(name, blob, schema.Rows, columns, CancellationToken.None),
            _ => null,
            cancellationToken);
        LogPushed(logger, name, version.Version, version.Digest, version.Rows, columns.Count);
        return version;
    }

    /// <summary>
    /// Refuses a push past a cap before a byte of the body is read: a new dataset when the key already sees as many as
    /// it may have, another version of a dataset that keeps as many as one may.
    /// </summary>
    private async Task CheckCapsAsync(string name, MaasCaller caller, CancellationToken cancellationToken)
    {
        var limits = settings.Limits;
        if (await store.GetDatasetAsync(name, cancellationToken) is { } existing)
        {
            if (existing.Versions.Count >= limits.MaxDatasetVersions)
            {
                throw MaasException.Conflict(
                    $"Dataset '{name}' already keeps {existing.Versions.Count} versions, the most one dataset may keep (--max-dataset-versions, Maas:Training:MaxDatasetVersions). Delete old versions first.");
            }

            return;
        }

        var visible = (await store.ListDatasetsAsync(cancellationToken)).Count(d => caller.CanAccess(d.Name));
        if (visible >= limits.MaxDatasetsPerKey)
        {
            throw MaasException.Conflict(
                $"This key already has {visible} datasets, the most one key may have (--max-datasets-per-key, Maas:Training:MaxDatasetsPerKey). Delete datasets it no longer needs first, or push a new version of an existing one.");
        }
    }

    /// <summary>The datasets the caller may see, by name.</summary>
    public async Task<DatasetList> ListAsync(MaasCaller caller, CancellationToken cancellationToken) =>
        new((await store.ListDatasetsAsync(cancellationToken)).Where(d => caller.CanAccess(d.Name)).ToList());

    /// <summary>A dataset and its versions; 404 when absent or outside the caller's scopes.</summary>
    public async Task<DatasetInfo> GetAsync(string name, MaasCaller caller, CancellationToken cancellationToken)
    {
        Visible(name, caller);
        return await store.GetDatasetAsync(name, cancellationToken) ?? throw MaasErrors.DatasetNotFound(name);
    }

    /// <summary>One version (the newest when <paramref name="version"/> is <c>null</c>); 404 when absent or hidden.</summary>
    public async Task<DatasetVersionInfo> GetVersionAsync(string name, int? version, MaasCaller caller, CancellationToken cancellationToken)
    {
        Visible(name, caller);
        var info = await store.GetDatasetVersionAsync(name, version, cancellationToken);
        if (info is not null)
        {
            return info;
        }

        _ = await store.GetDatasetAsync(name, cancellationToken) ?? throw MaasErrors.DatasetNotFound(name);
        throw MaasErrors.DatasetVersionNotFound(name, version);
    }

    /// <summary>Deletes a version, and its blob when nothing else refers to it.</summary>
    public async Task DeleteVersionAsync(string name, int version, MaasCaller caller, CancellationToken cancellationToken)
    {
        Visible(name, caller);
        await registry.RemoveRowsAsync(() => store.DeleteDatasetVersionAsync(name, version, cancellationToken), deleted => [deleted.Digest], cancellationToken);
        LogVersionDeleted(logger, name, version);
    }

    /// <summary>Deletes a dataset with every version, and their blobs when nothing else refers to them.</summary>
    public async Task DeleteAsync(string name, MaasCaller caller, CancellationToken cancellationToken)
    {
        Visible(name, caller);
        await registry.RemoveRowsAsync(() => store.DeleteDatasetAsync(name, cancellationToken), deleted => deleted.Select(d => d.Digest), cancellationToken);
        LogDeleted(logger, name);
    }

    private static void Visible(string name, MaasCaller caller)
    {
        ResourceName.Validate(name, "dataset name");
        if (!caller.CanAccess(name))
        {
            throw MaasErrors.DatasetNotFound(name);
        }
    }

    private static DatasetColumn ToColumn(ColumnSchema column) => new(
        column.Name,
        column.Kind,
        column.Count,
        column.Missing,
        column.Mean,
        column.Std,
        column.Min,
        column.Max,
        column.Distinct,
        column.TopCategories.Select(c => new DatasetCategoryCount(c.Value, c.Count)).ToList());

    [LoggerMessage(EventId = 4401, Level = LogLevel.Information, Message = "Stored version {Version} of dataset {Dataset} ({Digest}, {Rows} rows, {Columns} columns)")]
    private static partial void LogPushed(ILogger logger, string dataset, int version, string digest, long rows, int columns);

    [LoggerMessage(EventId = 4402, Level = LogLevel.Information, Message = "Deleted version {Version} of dataset {Dataset}")]
    private static partial void LogVersionDeleted(ILogger logger, string dataset, int version);

    [LoggerMessage(EventId = 4403, Level = LogLevel.Information, Message = "Deleted dataset {Dataset} with all its versions")]
    private static partial void LogDeleted(ILogger logger, string dataset);
}
