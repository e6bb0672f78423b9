using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Storage;
using Maas.Core.Training;

namespace Maas.Storage;

public sealed partial class SqliteRegistryStore
{
    /// <inheritdoc />
    public Task<ModelVersionInfo> AddTrainedVersionAsync(string name, BlobInfo blob, ModelSignature signature, ModelLineage lineage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lineage);
        return AddVersionCoreAsync(name, blob, signature, lineage, cancellationToken);
    }
}
