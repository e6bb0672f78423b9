using System.Text.Json;

namespace Maas.Server.Tests.Inference;

/// <summary>A fixture model's reference inputs and PyTorch outputs (<c>NAME.io.json</c>).</summary>
internal sealed record ReferenceCase(string Model, string InputName, string Datatype, long[] InputShape, JsonElement InputData, IReadOnlyList<(long[] Shape, double[] Data)> Outputs)
{
    public static ReferenceCase Load(string model)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestFixtures.ModelsDirectory, model + ".io.json")));
        var input = document.RootElement.GetProperty("inputs").EnumerateObject().Single();
        var outputs = document.RootElement.GetProperty("outputs").EnumerateArray()
            .Select(o => (o.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(), o.GetProperty("data").EnumerateArray().Select(d => d.GetDouble()).ToArray()))
            .ToList();
        return new ReferenceCase(
            model,
            input.Name,
            input.Value.GetProperty("datatype").GetString()!,
            input.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(),
            input.Value.GetProperty("data").Clone(),
            outputs);
    }

    /// <summary>The input as raw little-endian bytes (FP32 or INT64), as the binary extension and gRPC carry it.</summary>
    public byte[] InputBytes()
    {
        var values = InputData.EnumerateArray().ToList();
        if (Datatype == "INT64")
        {
            return values.SelectMany(v => BitConverter.GetBytes(v.GetInt64())).ToArray();
        }

        return values.SelectMany(v => BitConverter.GetBytes(v.GetSingle())).ToArray();
    }

    /// <summary>Asserts <paramref name="actual"/> matches reference output <paramref name="index"/> within 1e-4 absolute or 1e-3 relative.</summary>
    public void AssertOutput(int index, IReadOnlyList<double> actual)
    {
        var expected = Outputs[index].Data;
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = Math.Max(1e-4, 1e-3 * Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{Model} output {index}[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }
}
