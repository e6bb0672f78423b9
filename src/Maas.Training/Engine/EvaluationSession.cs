using Google.Protobuf;
using Maas.Core.Training;
using Maas.Onnx.Graphs;
using Maas.Training.Data;
using Maas.Training.Models;
using Microsoft.ML.OnnxRuntime;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Training.Engine;

/// <summary>
/// The forward pass without dropout, ending in the task's head (prediction or class probabilities), with the
/// parameters as inputs so it evaluates the training session's current OrtValues without copying them.
/// </summary>
internal sealed class EvaluationSession : IDisposable
{
    internal const int ChunkRows = 8192;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly int _width;

    public EvaluationSession(Network network, TaskKind task, int classes, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(network);
        var g = new GraphBuilder("maas_eval");
        var x = g.Input("x", DataType.Float, [null, network.InputWidth]);
        var parameters = network.Parameters.Select(p => g.Input(p.Name, DataType.Float, p.Shape.Select(d => (long?)d).ToArray())).ToArray();
        var output = network.Forward(g, x, parameters, null);
        var result = task == TaskKind.Regression
            ? OutputHead.Predictions(g, output)
            : OutputHead.ClassProbabilities(g, output, classes);
        var named = g.Output(result, "result");
        _session = OrtSessions.Create(g.ToModel("maas-trainer").ToByteArray(), threads);
        _inputNames = [x.Name, .. parameters.Select(p => p.Name)];
        _outputNames = [named.Name];
        _width = network.InputWidth;
        OutputsPerRow = task == TaskKind.Regression ? 1 : classes;
    }

    /// <summary>1 for regression, K for classifiers.</summary>
    public int OutputsPerRow { get; }

    /// <summary>Predictions ([rows]) or probabilities ([rows·K]) for every row of <paramref name="split"/>.</summary>
    public float[] Evaluate(SplitData split, IReadOnlyList<OrtValue> parameters)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(parameters);
        var result = new float[split.Rows * OutputsPerRow];
        var inputs = new OrtValue[1 + parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            inputs[1 + i] = parameters[i];
        }

        for (var start = 0; start < split.Rows; start += ChunkRows)
        {
            var rows = Math.Min(ChunkRows, split.Rows - start);
            using var x = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance,
                new Memory<float>(split.Features, start * _width, rows * _width),
                [rows, _width]);
            inputs[0] = x;
            using var outputs = _session.Run(_runOptions, _inputNames, inputs, _outputNames);
            outputs[0].GetTensorDataAsSpan<float>().CopyTo(result.AsSpan(start * OutputsPerRow));
        }

        return result;
    }

    /// <summary>Evaluates with parameters held in managed arrays (the kept best weights, a loaded checkpoint).</summary>
    public float[] Evaluate(SplitData split, Network network, IReadOnlyList<float[]> parameters)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(parameters);
        var values = parameters.Select((p, i) => OrtValue.CreateTensorValueFromMemory(p, network.Parameters[i].Shape)).ToArray();
        try
        {
            return Evaluate(split, values);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
