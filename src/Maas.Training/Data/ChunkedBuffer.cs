namespace Maas.Training.Data;

/// <summary>
/// An append-only list kept in chunks, so growing never copies what is stored and never holds an old and a new array
/// at once: its memory is the elements plus at most one partly filled chunk (chunks start at 64 elements and double
/// up to 16 Ki).
/// </summary>
/// <typeparam name="T">An unmanaged element type, so the size in bytes is exact.</typeparam>
internal sealed class ChunkedBuffer<T>
    where T : unmanaged
{
    private const int FirstChunkLength = 64;
    private const int LargestChunkLength = 1 << 14;
    private readonly List<T[]> _chunks = [];
    private int _lastLength;

    /// <summary>The number of elements added.</summary>
    public long Count { get; private set; }

    /// <summary>The bytes the chunks take, filled or not.</summary>
    public long AllocatedBytes { get; private set; }

    /// <summary>Appends one element.</summary>
    public void Add(T value)
    {
        if (_chunks.Count == 0 || _lastLength == _chunks[^1].Length)
        {
            var length = Math.Min(FirstChunkLength << Math.Min(_chunks.Count, 8), LargestChunkLength);
            _chunks.Add(new T[length]);
            AllocatedBytes += (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            _lastLength = 0;
        }

        _chunks[^1][_lastLength++] = value;
        Count++;
    }

    /// <summary>Appends every element of <paramref name="values"/>.</summary>
    public void AddRange(ReadOnlySpan<T> values)
    {
        foreach (var value in values)
        {
            Add(value);
        }
    }

    /// <summary>The filled part of each chunk, in order.</summary>
    public IEnumerable<ReadOnlyMemory<T>> Chunks()
    {
        for (var i = 0; i < _chunks.Count; i++)
        {
            yield return _chunks[i].AsMemory(0, i == _chunks.Count - 1 ? _lastLength : _chunks[i].Length);
        }
    }

    /// <summary>Copies the elements into a new array of exactly <see cref="Count"/> elements.</summary>
    public T[] ToArray()
    {
        var result = new T[Count];
        var at = 0;
        foreach (var chunk in Chunks())
        {
            chunk.Span.CopyTo(result.AsSpan(at));
            at += chunk.Length;
        }

        return result;
    }

    /// <summary>Drops every element and chunk.</summary>
    public void Clear()
    {
        _chunks.Clear();
        _lastLength = 0;
        Count = 0;
        AllocatedBytes = 0;
    }
}
