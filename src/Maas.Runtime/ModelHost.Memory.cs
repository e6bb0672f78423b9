using System.Diagnostics.CodeAnalysis;
using Maas.Core;

namespace Maas.Runtime;

public sealed partial class ModelHost
{
    /// <summary>
    /// Reserves <paramref name="needed"/> bytes, the estimated footprint of a version about to load, evicting idle versions, least recently used
    /// first, when it does not fit. Evicts nothing when even evicting every idle version would not make room. Returns
    /// <c>false</c> with the error (<see cref="ErrorCode.Unavailable"/>) when the version does not fit.
    /// </summary>
    private bool TryReserve(ModelEntry entry, long needed, [NotNullWhen(false)] out MaasException? error)
    {
        var budget = _options.MemoryBudgetBytes;
        List<LoadedModel> evicted = [];
        lock (_gate)
        {
            if (needed > budget)
            {
                error = new MaasException(
                    ErrorCode.Unavailable,
                    $"it needs an estimated {needed} bytes, more than the whole memory budget of {budget} bytes.");
                return false;
            }

            if (_memoryInUse + needed > budget)
            {
                var idle = _entries.Values
                    .Where(e => e != entry && e.Loaded is { IsIdle: true })
                    .OrderBy(e => e.LastUsedSequence)
                    .ToList();
                var reclaimable = idle.Sum(e => e.Loaded!.MemoryBytes);
                if (_memoryInUse - reclaimable + needed > budget)
                {
                    error = new MaasException(
                        ErrorCode.Unavailable,
                        $"the memory budget of {budget} bytes would be exceeded: {_memoryInUse - reclaimable} bytes are held by versions in use or loading, and this version needs an estimated {needed} bytes.");
                    return false;
                }

                foreach (var victim in idle)
                {
                    if (_memoryInUse + needed <= budget)
                    {
                        break;
                    }

                    var model = victim.Loaded!;
                    victim.Loaded = null;
                    victim.State = ModelLoadState.Unloaded;
                    _memoryInUse -= model.MemoryBytes;
                    evicted.Add(model);
                    LogEvicted(_logger, victim.Key.Name, victim.Key.Version, model.MemoryBytes, entry.Key.Name, entry.Key.Version);
                }
            }

            _memoryInUse += needed;
            entry.ReservedBytes = needed;
        }

        // Idle, detached and unreachable by new requests: disposing them cannot disturb any request.
        foreach (var model in evicted)
        {
            _ = model.DisposeAsync().AsTask();
        }

        error = null;
        return true;
    }
}
