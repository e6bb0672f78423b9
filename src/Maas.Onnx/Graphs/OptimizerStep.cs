namespace Maas.Onnx.Graphs;

/// <summary>
/// The optimiser update appended to a training graph by <see cref="Optimizers.Append"/>: which inputs carry the
/// optimiser state and which values are the parameters and state after the step. Feed <see cref="NewParameters"/> and
/// <see cref="NewState"/> back as the parameters and <see cref="StateInputs"/> of the next step.
/// </summary>
public sealed class OptimizerStep
{
    internal OptimizerStep(
        Value learningRate,
        Value step,
        IReadOnlyList<Value> stateInputs,
        IReadOnlyList<Value> newParameters,
        IReadOnlyList<Value> newState,
        int statePerParameter)
    {
        LearningRate = learningRate;
        Step = step;
        StateInputs = stateInputs;
        NewParameters = newParameters;
        NewState = newState;
        StatePerParameter = statePerParameter;
    }

    /// <summary>
    /// The float scalar learning rate: an overridable input (listed in <see cref="GraphBuilder.Overridables"/>, not in
    /// <see cref="GraphBuilder.Inputs"/>) whose default is the spec's learning rate; feed it only to change the rate.
    /// </summary>
    public Value LearningRate { get; }

    /// <summary>
    /// The float scalar step counter (steps already taken; 0 on the first step). It is the last entry of
    /// <see cref="StateInputs"/>; its entry in <see cref="NewState"/> is step + 1.
    /// </summary>
    public Value Step { get; }

    /// <summary>
    /// The optimiser state inputs, <see cref="StatePerParameter"/> per parameter in parameter order (momentum: buffer;
    /// Adam/AdamW: m then v; SGD: none), followed by <see cref="Step"/>. All float; all start at zero.
    /// </summary>
    public IReadOnlyList<Value> StateInputs { get; }

    /// <summary>The updated parameters, aligned with the parameters given to <see cref="Optimizers.Append"/>.</summary>
    public IReadOnlyList<Value> NewParameters { get; }

    /// <summary>The updated state, aligned with <see cref="StateInputs"/>.</summary>
    public IReadOnlyList<Value> NewState { get; }

    /// <summary>State tensors per parameter: 0 (SGD), 1 (momentum) or 2 (Adam, AdamW).</summary>
    public int StatePerParameter { get; }

    /// <summary>The static shape of each state input (the step counter's is []).</summary>
    public IReadOnlyList<long[]> StateShapes => StateInputs
        .Select(v => v.Shape!.Select(d => d ?? throw new InvalidOperationException($"'{v.Name}' has a symbolic shape.")).ToArray())
        .ToArray();

    /// <summary>Zero-filled arrays for every state input, in <see cref="StateInputs"/> order (the initial state).</summary>
    public float[][] InitialState() => InitialState(StateShapes);

    /// <summary>Zero-filled arrays for state tensors of the given shapes.</summary>
    public static float[][] InitialState(IReadOnlyList<long[]> shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        return shapes.Select(s => new float[checked((int)s.Aggregate(1L, (p, d) => p * d))]).ToArray();
    }
}
