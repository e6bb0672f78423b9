namespace Maas.Server.Inference.Protocol.Rest;

/// <summary>Where decoded JSON elements go; elements past <see cref="Capacity"/> are validated and counted only.</summary>
internal readonly struct ElementSink(byte[] bytes, string[]? strings, int capacity)
{
    public byte[] Bytes { get; } = bytes;

    public string[]? Strings { get; } = strings;

    public int Capacity { get; } = capacity;
}
