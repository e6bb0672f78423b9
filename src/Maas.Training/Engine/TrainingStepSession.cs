using Google.Protobuf;
using Maas.Core.Training;
using Maas.Onnx.Graphs;
using Maas.Training.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Training.Engine;

/// <summary>
/// ONNX Runtime sessions running a whole training step (forward, loss, backward, optimiser update) per
/// <see cref="Step"/>. The trainable tensors and the optimiser state live in two sets of native OrtValues: a step reads
/// one set and writes the other, then they swap, so weights never pass through managed arrays between steps. The batch
/// is written into pinned buffers that the batch OrtValues wrap. The step graph is built with a static batch size —
/// one session for full batches and one for the epoch's last, smaller batch — so ONNX Runtime folds every shape
/// computation and plans memory once.
/// </summary>
internal sealed class TrainingStepSession : IDisposable
{
    /// <summary>Networks with at most this many parameter values run the optimiser over one flat tensor.</summary>
    public const long FlatOptimizerLimit = 1_000_000;

    private readonly RunOptions _runOptions = new();
    private readonly StepGraph _full;
    private readonly StepGraph? _last;
    private readonly TensorElementType[] _types;
    private readonly long[][] _shapes;
    private readonly OrtValue _loss;
    private OrtValue[] _current;
    private OrtValue[] _next;

    public TrainingStepSession(Network network, LossKind loss, OptimizerSpec optimizer, int targetWidth, int batchSize, int remainder, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        Network = network;
        BatchSize = batchSize;
        TargetWidth = targetWidth;
        Features = GC.AllocateArray<float>(batchSize * network.InputWidth, pinned: true);
        Targets = GC.AllocateArray<float>(batchSize * targetWidth, pinned: true);
        Masks = network.DropoutWidths.Select(w => GC.AllocateArray<float>(batchSize * w, pinned: true)).ToArray();
        _full = new StepGraph(this, loss, optimizer, batchSize, threads);
        _last = remainder > 0 ? new StepGraph(this, loss, optimizer, remainder, threads) : null;
        ParameterCount = network.Parameters.Count;
        _types = _full.Types;
        _shapes = _full.Shapes;
        StateShapes = _shapes.Skip(ParameterCount).ToArray();
        _current = _shapes.Select((_, i) => Allocate(i)).ToArray();
        _next = _shapes.Select((_, i) => Allocate(i)).ToArray();
        _loss = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, []);
    }

    public Network Network { get; }

    public int BatchSize { get; }

    public int TargetWidth { get; }

    /// <summary>The full-batch training graph as serialised (kept for diagnostics and tests).</summary>
    public byte[] ModelBytes => _full.ModelBytes;

    /// <summary>Row-major batch features; write rows here before <see cref="Step"/>.</summary>
    public float[] Features { get; }

    /// <summary>Batch targets ([rows, TargetWidth]).</summary>
    public float[] Targets { get; }

    /// <summary>Per dropout site: [rows, width] of 0 or 1/(1−p).</summary>
    public float[][] Masks { get; }

    public int ParameterCount { get; }

    /// <summary>The optimiser state's shapes (the step counter's is []).</summary>
    public IReadOnlyList<long[]> StateShapes { get; }

    /// <summary>The current parameters as OrtValues (valid until the next step); the eval session reads them directly.</summary>
    public IReadOnlyList<OrtValue> CurrentParameters => new ArraySegment<OrtValue>(_current, 0, ParameterCount);

    /// <summary>Runs one step over the first <paramref name="rows"/> rows of the buffers and returns the batch loss.</summary>
    public float Step(int rows)
    {
        var graph = rows == BatchSize ? _full : rows == _last?.Rows ? _last : throw new InvalidOperationException($"No step graph for {rows} rows.");
        graph.Run(_runOptions, _current, _next, _loss);
        (_current, _next) = (_next, _current);
        return _loss.GetTensorDataAsSpan<float>()[0];
    }

    /// <summary>Copies out every trainable tensor: parameters first, then optimiser state.</summary>
    public TensorState[] ReadAll() => _current.Select((v, i) => TensorState.Read(v, _types[i], _shapes[i])).ToArray();

    /// <summary>Copies out the parameters.</summary>
    public float[][] ReadParameters() => _current.Take(ParameterCount).Select(v => v.GetTensorDataAsSpan<float>().ToArray()).ToArray();

    /// <summary>Overwrites the parameters and the optimiser state (zero when <paramref name="state"/> is null).</summary>
    public void Load(IReadOnlyList<float[]> parameters, IReadOnlyList<TensorState>? state = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count != ParameterCount || (state is not null && state.Count != _current.Length - ParameterCount))
        {
            throw new InvalidOperationException("The tensors do not match the network.");
        }

        for (var i = 0; i < ParameterCount; i++)
        {
            TensorState.FromFloats(parameters[i], _shapes[i]).WriteTo(_current[i]);
        }

        for (var i = ParameterCount; i < _current.Length; i++)
        {
            var saved = state?[i - ParameterCount];
            if (saved is null)
            {
                Clear(_current[i]);
            }
            else if (saved.Type != _types[i] || !saved.Shape.SequenceEqual(_shapes[i]))
            {
                throw new InvalidOperationException("The optimiser state does not match the optimiser.");
            }
            else
            {
                saved.WriteTo(_current[i]);
            }
        }
    }

    public void Dispose()
    {
        _full.Dispose();
        _last?.Dispose();
        _runOptions.Dispose();
        _loss.Dispose();
        foreach (var value in _current.Concat(_next))
        {
            value.Dispose();
        }
    }

    private static void Clear(OrtValue value)
    {
        if (value.GetTensorTypeAndShape().ElementDataType == TensorElementType.Int64)
        {
            value.GetTensorMutableDataAsSpan<long>().Clear();
        }
        else
        {
            value.GetTensorMutableDataAsSpan<float>().Clear();
        }
    }

    private OrtValue Allocate(int index)
    {
        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, _types[index], _shapes[index]);
        Clear(value);
        return value;
    }

    /// <summary>The step graph and session for one batch size, with its batch OrtValues over the shared buffers.</summary>
    private sealed class StepGraph : IDisposable
    {
        private readonly InferenceSession _session;
        private readonly string[] _inputNames;
        private readonly string[] _outputNames;
        private readonly OrtValue[] _inputs;
        private readonly OrtValue[] _outputs;
        private readonly OrtValue[] _batch;

        public StepGraph(TrainingStepSession owner, LossKind loss, OptimizerSpec optimizer, int rows, int threads)
        {
            Rows = rows;
            var network = owner.Network;
            var g = new GraphBuilder("maas_train_step");
            var x = g.Input("x", DataType.Float, [rows, network.InputWidth]);
            var y = g.Input("y", DataType.Float, [rows, owner.TargetWidth]);
            var masks = network.DropoutWidths.Select((w, i) => g.Input($"dropout_mask{i}", DataType.Float, [rows, w])).ToArray();
            var parameters = network.Parameters.Select(p => g.Input(p.Name, DataType.Float, p.Shape.Select(d => (long?)d).ToArray())).ToArray();
            var output = network.Forward(g, x, parameters, masks);
            var lossValue = LossGraph.Build(g, loss, output, y);
            var gradients = Autodiff.Gradients(g, lossValue, parameters);
            var (step, newParameters) = network.ParameterCount <= FlatOptimizerLimit
                ? FlatUpdate(g, optimizer, parameters, gradients)
                : (Optimizers.Append(g, optimizer, parameters, gradients), null);

            // Outputs keep their node's name: a renamed output would cost an Identity copy per tensor per step.
            var lossOutput = g.Output(lossValue, lossValue.Name);
            Value[] trainable = [.. parameters, .. step.StateInputs];
            Value[] updated = [.. newParameters ?? step.NewParameters, .. step.NewState];
            var updatedNames = updated.Select(v => g.Output(v, v.Name).Name).ToArray();
            var extra = g.Inputs.Except(trainable).Except([x, y]).Except(masks).ToArray();
            if (extra.Length > 0)
            {
                throw new InvalidOperationException($"The training graph has unexpected inputs: {string.Join(", ", extra.Select(v => v.Name))}.");
            }

            ModelBytes = g.ToModel("maas-trainer").ToByteArray();
            _session = OrtSessions.Create(ModelBytes, threads);
            Types = trainable.Select(v => v.Type == DataType.Int64 ? TensorElementType.Int64 : TensorElementType.Float).ToArray();
            Shapes = trainable.Select(v => v.Shape!.Select(d => d ?? throw new InvalidOperationException($"'{v.Name}' has a symbolic shape.")).ToArray()).ToArray();
            _batch =
            [
                Wrap(owner.Features, rows, network.InputWidth),
                Wrap(owner.Targets, rows, owner.TargetWidth),
                .. owner.Masks.Select((m, i) => Wrap(m, rows, network.DropoutWidths[i])),
            ];
            _inputNames = [x.Name, y.Name, .. masks.Select(m => m.Name), .. trainable.Select(v => v.Name)];
            _outputNames = [lossOutput.Name, .. updatedNames];
            _inputs = new OrtValue[_inputNames.Length];
            _outputs = new OrtValue[_outputNames.Length];
            _batch.CopyTo(_inputs, 0);
        }

        public int Rows { get; }

        public byte[] ModelBytes { get; }

        public TensorElementType[] Types { get; }

        public long[][] Shapes { get; }

        public void Run(RunOptions options, OrtValue[] current, OrtValue[] next, OrtValue loss)
        {
            current.CopyTo(_inputs, _batch.Length);
            _outputs[0] = loss;
            next.CopyTo(_outputs, 1);
            _session.Run(options, _inputNames, _inputs, _outputNames, _outputs);
        }

        public void Dispose()
        {
            _session.Dispose();
            foreach (var value in _batch)
            {
                value.Dispose();
            }
        }

        /// <summary>
        /// The optimiser update over all parameters at once: the parameters and gradients are flattened and concatenated,
        /// updated by one set of element-wise ops (the same arithmetic as per tensor, since every optimiser here is
        /// element-wise), and split back. For small networks this turns ~12 tiny kernels per tensor into ~12 in total,
        /// which is most of a step's time; the concatenation costs two copies of the parameters, so large networks
        /// (over <see cref="FlatOptimizerLimit"/> values) keep the per-tensor update.
        /// </summary>
        private static (OptimizerStep Step, Value[] NewParameters) FlatUpdate(GraphBuilder g, OptimizerSpec optimizer, Value[] parameters, IReadOnlyList<Value> gradients)
        {
            var sizes = parameters.Select(p => p.Shape!.Aggregate(1L, (a, d) => a * d!.Value)).ToArray();
            var total = sizes.Sum();
            // Biases are already 1-D: reshaping them would only add kernels.
            Value Flatten(IReadOnlyList<Value> values) => g.Op1(
                "Concat",
                values.Select((v, i) => v.Rank == 1 ? v : g.Op1("Reshape", [v, g.Ints(-1)], [sizes[i]])).ToArray(),
                [total],
                [Attr.Whole("axis", 0)]);
            var step = Optimizers.Append(g, optimizer, [Flatten(parameters)], [Flatten(gradients)]);
            var pieces = g.Op("Split", [step.NewParameters[0], g.Ints(sizes)], parameters.Length, [Attr.Whole("axis", 0)], sizes.Select(s => new long?[] { s }).ToArray());
            var shaped = pieces.Select((piece, i) => parameters[i].Rank == 1
                ? piece
                : g.Op1("Reshape", [piece, g.Ints([.. parameters[i].Shape!.Select(d => d!.Value)])], parameters[i].Shape)).ToArray();
            return (step, shaped);
        }

        private static OrtValue Wrap(float[] buffer, int rows, int width) =>
            OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(buffer, 0, rows * width), [rows, width]);
    }
}
