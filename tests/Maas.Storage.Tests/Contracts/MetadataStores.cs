using Maas.Core.Security;
using Maas.Core.Storage;
using Maas.Core.Training;

namespace Maas.Storage.Tests.Contracts;

/// <summary>Every store interface of one opened instance, and what to dispose to close it.</summary>
internal sealed record MetadataStores(
    IRegistryStore Models,
    IKeyStore Keys,
    IAuditLog Audit,
    IDatasetStore Datasets,
    IJobStore Jobs,
    IBlobReferences References,
    IAsyncDisposable Owner) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Owner.DisposeAsync();
}
