using System.Collections.Concurrent;
using System.Text.Json;
using Maas.Core;
using Maas.Core.Inference;
using Microsoft.ML.OnnxRuntime;

namespace Maas.Runtime.Tests;

/// <summary>A fixture model with its signature (read from the graph) and its reference inputs and outputs.</summary>
internal sealed class FixtureModel
{
    private static readonly ConcurrentDictionary<string, Lazy<FixtureModel>> Cache = new();

    private FixtureModel(string name)
    {
        Name = name;
        Path = TestFixtures.Model(name);
        Signature = ReadSignature(Path);
        using var json = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.ChangeExtension(Path, ".io.json")));
        Inputs = json.RootElement.GetProperty("inputs").EnumerateObject().Select(ReadInput).ToArray();
        ExpectedOutputs = json.RootElement.GetProperty("outputs").EnumerateArray()
            .Select(o => (Shape: o.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(),
                          Data: o.GetProperty("data").EnumerateArray().Select(d => (float)d.GetDouble()).ToArray()))
            .ToArray();
    }

    public string Name { get; }

    public string Path { get; }

    public ModelSignature Signature { get; }

    /// <summary>The reference inputs, several rows each.</summary>
    public IReadOnlyList<InferTensor> Inputs { get; }

    /// <summary>The reference outputs in signature order, flattened row-major.</summary>
    public IReadOnlyList<(long[] Shape, float[] Data)> ExpectedOutputs { get; }

    public long ArtifactBytes => new FileInfo(Path).Length;

    /// <summary>The nodes the host's source counts in the artefact, subgraphs included.</summary>
    public long Nodes => Maas.Onnx.OnnxModelInspector.CountNodes(File.ReadAllBytes(Path));

    /// <summary>What the host estimates this model costs with <paramref name="instances"/> instances.</summary>
    public long Estimate(int instances) => MemoryEstimator.EstimateBytes(ArtifactBytes, Nodes, instances);

    public static FixtureModel Get(string name) => Cache.GetOrAdd(name, n => new Lazy<FixtureModel>(() => new FixtureModel(n))).Value;

    /// <summary>The expected values of output <paramref name="output"/> for reference row <paramref name="row"/>.</summary>
    public float[] ExpectedRow(int output, int row)
    {
        var (shape, data) = ExpectedOutputs[output];
        var rowLength = data.Length / (int)shape[0];
        return data.AsSpan(row * rowLength, rowLength).ToArray();
    }

    private static ModelSignature ReadSignature(string path)
    {
        using var session = new InferenceSession(path);
        return new ModelSignature(
            session.InputNames.Select(n => ToSpec(n, session.InputMetadata[n])).ToArray(),
            session.OutputNames.Select(n => ToSpec(n, session.OutputMetadata[n])).ToArray());
    }

    private static TensorSpec ToSpec(string name, NodeMetadata metadata) =>
        new(name, TensorTypes.ToDataType(metadata.ElementDataType)!.Value, metadata.Dimensions.Select(d => (long)d).ToArray());

    private static InferTensor ReadInput(JsonProperty input)
    {
        var shape = input.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var data = input.Value.GetProperty("data");
        return input.Value.GetProperty("datatype").GetString() switch
        {
            "FP32" => Tensors.Fp32(input.Name, shape, data.EnumerateArray().Select(d => (float)d.GetDouble()).ToArray()),
            "INT64" => Tensors.Int64(input.Name, shape, data.EnumerateArray().Select(d => d.GetInt64()).ToArray()),
            var other => throw new NotSupportedException($"Fixture datatype {other}."),
        };
    }
}
