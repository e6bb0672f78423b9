using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Limit;

/// <summary>
/// Makes input tensors for any batch size from the model's own input metadata: the first dimension is the batch,
/// other symbolic dimensions take a length from <see cref="LimitOptions.Sequence"/>. FP32 inputs get values in [0, 1),
/// INT64 inputs token ids below the vocabulary size. Values do not change the cost of these models, shapes do.
/// </summary>
internal sealed class FeedFactory(InferenceSession session, LimitOptions options)
{
    /// <summary>One set of inputs per sequence length (one set when the model has no sequence dimension).</summary>
    public IReadOnlyList<Feeds> CreateAll(int batch, Random random)
    {
        var (min, max) = options.Sequence ?? (1, 1);
        return Enumerable.Range(min, max - min + 1).Select(length => Create(batch, length, random)).ToArray();
    }

    private Feeds Create(int batch, int length, Random random)
    {
        var names = new List<string>();
        var values = new List<OrtValue>();
        foreach (var (name, meta) in session.InputMetadata)
        {
            var shape = meta.Dimensions.Select((d, i) => i == 0 ? batch : d > 0 ? d : length).Select(d => (long)d).ToArray();
            var count = (int)shape.Aggregate(1L, (a, b) => a * b);
            names.Add(name);
            values.Add(meta.ElementDataType switch
            {
                TensorElementType.Float => OrtValue.CreateTensorValueFromMemory(Fill(count, _ => random.NextSingle()), shape),
                TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(Fill(count, _ => (long)random.Next(options.Vocabulary)), shape),
                _ => throw new NotSupportedException($"input {name} has element type {meta.ElementDataType}"),
            });
        }

        return new Feeds(names, values);
    }

    private static T[] Fill<T>(int count, Func<int, T> value)
    {
        var data = new T[count];
        for (var i = 0; i < count; i++)
        {
            data[i] = value(i);
        }

        return data;
    }
}

/// <summary>The inputs of one run; disposing releases the native tensors.</summary>
internal sealed class Feeds(IReadOnlyCollection<string> names, IReadOnlyCollection<OrtValue> values) : IDisposable
{
    public IReadOnlyCollection<string> Names { get; } = names;

    public IReadOnlyCollection<OrtValue> Values { get; } = values;

    public void Dispose()
    {
        foreach (var value in Values)
        {
            value.Dispose();
        }
    }
}
