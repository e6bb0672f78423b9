using Maas.Core.Registry;
using Maas.Core.Storage;
using Maas.Server.Security;

namespace Maas.Server.Models;

/// <summary>
/// The model list as a scoped key sees it: only models its scopes cover, with full pages and the same page tokens as
/// the unfiltered list (the name of the last model shown), so paging works the same for every key.
/// </summary>
internal static class ScopedModels
{
    public static async Task<ModelPage> ListAsync(IRegistryStore store, MaasCaller caller, int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        if (caller.IsUnscoped)
        {
            return await store.ListModelsAsync(pageSize, pageToken, cancellationToken);
        }

        var visible = new List<ModelInfo>(pageSize + 1);
        var after = pageToken;
        while (true)
        {
            var page = await store.ListModelsAsync(RegistryLimits.MaxPageSize, after, cancellationToken);
            foreach (var model in page.Models.Where(m => caller.CanAccess(m.Name)))
            {
                visible.Add(model);
                if (visible.Count > pageSize)
                {
                    // One visible model more than asked for says another page exists.
                    visible.RemoveAt(pageSize);
                    return new ModelPage(visible, visible[^1].Name);
                }
            }

            if (page.NextPageToken is null)
            {
                return new ModelPage(visible, null);
            }

            after = page.NextPageToken;
        }
    }
}
