using Google.Protobuf;
using Maas.Onnx.Graphs;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Tests.Graphs;

/// <summary>One graph input of a gradient check: its data (as doubles), its type and whether it is differentiated.</summary>
internal sealed record CheckInput(string Name, DataType Type, long[] Shape, double[] Data, bool Differentiate = true)
{
    /// <summary>The declared shape; null entries are symbolic (defaults to the data's shape).</summary>
    public long?[]? Declared { get; init; }
}

/// <summary>
/// Finite-difference gradient checks run on ONNX Runtime: f = ReduceSum(op(inputs) · R) with a fixed random R, the
/// analytic gradient from <see cref="Autodiff.Gradients"/>, and central differences of the forward graph.
/// </summary>
internal static class GradientCheck
{
    public static double[] Random(int count, int seed, double low = -1, double high = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => low + ((high - low) * random.NextDouble())).ToArray();
    }

    /// <summary>Values in [low, high] whose magnitude stays at least <paramref name="gap"/> from zero (no kinks).</summary>
    public static double[] AwayFromZero(int count, int seed, double gap = 0.1, double high = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => (random.Next(2) == 0 ? -1 : 1) * (gap + ((high - gap) * random.NextDouble())))
            .ToArray();
    }

    public static CheckInput Input(string name, DataType type, long[] shape, int seed, bool differentiate = true) =>
        new(name, type, shape, Random(checked((int)shape.Aggregate(1L, (p, d) => p * d)), seed), differentiate);

    /// <summary>
    /// Checks every differentiated input: |analytic − numeric| ≤ tolerance·max(1, |numeric|) per element. Returns the
    /// analytic gradients (for extra assertions).
    /// </summary>
    public static double[][] Check(
        Func<GraphBuilder, Value[], Value> body,
        IReadOnlyList<CheckInput> inputs,
        double epsilon = 1e-6,
        double tolerance = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(body);

        // Pass 1: the op's output shape, to size R.
        var probe = new GraphBuilder("probe");
        var probeOut = probe.Output(body(probe, Declare(probe, inputs)), "y");
        var (outShape, outType) = Shape(probe, inputs, probeOut.Name);

        var g = new GraphBuilder("check");
        var values = Declare(g, inputs);
        var y = body(g, values);
        var rData = Random(checked((int)outShape.Aggregate(1L, (p, d) => p * d)), 9_001);
        var r = g.Input("r", outType, outShape.Select(d => (long?)d).ToArray());
        var loss = g.Op1("ReduceSum", [g.Op1("Mul", [y, r])], [], [Attr.Whole("keepdims", 0)]);
        var lossOut = g.Output(loss, "loss");
        var forward = g.ToModel().ToByteArray();
        var wrt = values.Where((_, i) => inputs[i].Differentiate).ToArray();
        var gradients = Autodiff.Gradients(g, loss, wrt);
        var gradNames = gradients.Select((v, i) => g.Output(v, "grad_" + wrt[i].Name).Name).ToArray();
        var full = g.ToModel().ToByteArray();

        var feeds = inputs.Append(new CheckInput("r", outType, outShape, rData, false)).ToList();
        using var fullSession = new InferenceSession(full);
        var analytic = Run(fullSession, feeds, gradNames);
        using var forwardSession = new InferenceSession(forward);

        var wrtIndex = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            if (!inputs[i].Differentiate)
            {
                continue;
            }

            var grad = analytic[wrtIndex++];
            Assert.Equal(inputs[i].Data.Length, grad.Length);
            for (var j = 0; j < grad.Length; j++)
            {
                var original = inputs[i].Data[j];
                inputs[i].Data[j] = original + epsilon;
                var plus = Run(forwardSession, feeds, [lossOut.Name])[0][0];
                inputs[i].Data[j] = original - epsilon;
                var minus = Run(forwardSession, feeds, [lossOut.Name])[0][0];
                inputs[i].Data[j] = original;
                var numeric = (plus - minus) / (2 * epsilon);
                var error = Math.Abs(grad[j] - numeric);
                Assert.True(
                    error <= tolerance * Math.Max(1, Math.Abs(numeric)),
                    $"d/d{inputs[i].Name}[{j}]: analytic {grad[j]:G9}, numeric {numeric:G9}, error {error:G3} > {tolerance:G3}");
            }
        }

        return analytic;
    }

    public static Value[] Declare(GraphBuilder g, IReadOnlyList<CheckInput> inputs) =>
        inputs.Select(i => g.Input(i.Name, i.Type, i.Declared ?? i.Shape.Select(d => (long?)d).ToArray())).ToArray();

    private static (long[] Shape, DataType Type) Shape(GraphBuilder g, IReadOnlyList<CheckInput> inputs, string output)
    {
        using var session = new InferenceSession(g.ToModel().ToByteArray());
        using var values = new DisposableList(inputs.Select(ToOrt));
        using var options = new RunOptions();
        using var results = session.Run(options, inputs.Select(i => i.Name).ToArray(), values.Items, [output]);
        var info = results[0].GetTensorTypeAndShape();
        var type = info.ElementDataType == TensorElementType.Double ? DataType.Double : DataType.Float;
        return (info.Shape, type);
    }

    /// <summary>Runs <paramref name="session"/> and returns each requested output as doubles.</summary>
    public static double[][] Run(InferenceSession session, IReadOnlyList<CheckInput> feeds, IReadOnlyList<string> outputs)
    {
        using var values = new DisposableList(feeds.Select(ToOrt));
        using var options = new RunOptions();
        using var results = session.Run(options, feeds.Select(f => f.Name).ToArray(), values.Items, outputs.ToArray());
        return results.Select(ToDoubles).ToArray();
    }

    public static double[] ToDoubles(OrtValue value) => value.GetTensorTypeAndShape().ElementDataType switch
    {
        TensorElementType.Double => value.GetTensorDataAsSpan<double>().ToArray(),
        TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray().Select(f => (double)f).ToArray(),
        TensorElementType.Int64 => value.GetTensorDataAsSpan<long>().ToArray().Select(l => (double)l).ToArray(),
        TensorElementType.Bool => value.GetTensorDataAsSpan<bool>().ToArray().Select(b => b ? 1.0 : 0.0).ToArray(),
        var other => throw new NotSupportedException(other.ToString()),
    };

    public static OrtValue ToOrt(CheckInput input) => input.Type switch
    {
        DataType.Double => OrtValue.CreateTensorValueFromMemory(input.Data.ToArray(), input.Shape),
        DataType.Float => OrtValue.CreateTensorValueFromMemory(input.Data.Select(d => (float)d).ToArray(), input.Shape),
        DataType.Int64 => OrtValue.CreateTensorValueFromMemory(input.Data.Select(d => (long)d).ToArray(), input.Shape),
        _ => throw new NotSupportedException(input.Type.ToString()),
    };

    private sealed class DisposableList(IEnumerable<OrtValue> items) : IDisposable
    {
        public OrtValue[] Items { get; } = items.ToArray();

        public void Dispose()
        {
            foreach (var item in Items)
            {
                item.Dispose();
            }
        }
    }
}
