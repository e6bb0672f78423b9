namespace Maas.Storage.Tests;

/// <summary>Records progress reports as they are made (<see cref="Progress{T}"/> would post them later).</summary>
internal sealed class RecordingProgress : IProgress<long>
{
    public List<long> Values { get; } = [];

    public void Report(long value) => Values.Add(value);
}
