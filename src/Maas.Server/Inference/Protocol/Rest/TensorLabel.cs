namespace Maas.Server.Inference.Protocol.Rest;

/// <summary>
/// How messages name a tensor while its JSON object is still being read (the name may come later). A struct, so the
/// text is only built when a message needs it.
/// </summary>
internal readonly struct TensorLabel(string kind, string? name, int index)
{
    public override string ToString() => name is null ? $"{kind} #{index}" : $"{kind} '{name}'";
}
