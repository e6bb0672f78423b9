using Maas.Core;

namespace Maas.Server.Inference.Protocol;

/// <summary>
/// Request parameters Maas refuses rather than ignores, because ignoring them would silently change the answer.
/// Every other unknown parameter (priority, timeout, <c>triton_*</c>, vendor keys) is ignored.
/// </summary>
internal static class UnsupportedParameters
{
    /// <summary>A sequence id asks for stateful, per-sequence execution, which Maas does not have.</summary>
    public static void ThrowIfSequence(string key, bool isUnset)
    {
        if (key == "sequence_id" && !isUnset)
        {
            throw MaasException.Invalid("The request sets 'sequence_id', but Maas does not support sequence (stateful) models.");
        }
    }

    public static MaasException SharedMemory(string label) =>
        MaasException.Invalid($"{label} uses shared memory ('shared_memory_region'), which Maas does not support.");
}
