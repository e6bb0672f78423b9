using Maas.Core.Training;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Graphs;

/// <summary>
/// Optimiser updates written as standard ONNX ops (ONNX.md §5), with PyTorch's semantics: SGD and momentum
/// (buf = μ·buf + g; θ −= lr·buf) with L2 weight decay added to the gradient, Adam (L2 added to the gradient,
/// ε added after the bias-corrected square root) and AdamW (θ·(1 − lr·λ) first, then the Adam step).
/// </summary>
public static class Optimizers
{
    /// <summary>
    /// Appends one update of <paramref name="parameters"/> by <paramref name="gradients"/> to <paramref name="g"/>.
    /// Creates the state inputs (named after each parameter: "{name}.momentum", "{name}.m", "{name}.v", then "step")
    /// and the overridable "learning_rate" input defaulting to <see cref="OptimizerSpec.LearningRate"/>.
    /// </summary>
    public static OptimizerStep Append(GraphBuilder g, OptimizerSpec spec, IReadOnlyList<Value> parameters, IReadOnlyList<Value> gradients)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        if (parameters.Count != gradients.Count)
        {
            throw new ArgumentException("One gradient per parameter is required.", nameof(gradients));
        }

        var lr = g.Overridable("learning_rate", (float)spec.LearningRate);
        var step = g.Input("step", DataType.Float, []);
        var nextStep = g.Op1("Add", [step, g.Scalar(1)], []);
        var state = new List<Value>();
        var newState = new List<Value>();
        var newParameters = new List<Value>();
        var decay = (float)spec.WeightDecay;
        var adam = spec.Kind is OptimizerKind.Adam or OptimizerKind.AdamW;
        AdamScalars? scalars = adam ? new AdamScalars(g, spec, lr, nextStep) : null;
        for (var i = 0; i < parameters.Count; i++)
        {
            var theta = parameters[i];
            var grad = gradients[i];
            if (decay != 0 && spec.Kind != OptimizerKind.AdamW)
            {
                grad = g.Op1("Add", [grad, g.Op1("Mul", [theta, g.Scalar(decay)])], theta.Shape);
            }

            switch (spec.Kind)
            {
                case OptimizerKind.Sgd:
                    newParameters.Add(g.Op1("Sub", [theta, g.Op1("Mul", [grad, lr])], theta.Shape));
                    break;
                case OptimizerKind.Momentum:
                    {
                        var buffer = g.Input($"{theta.Name}.momentum", DataType.Float, theta.Shape!);
                        var next = g.Op1("Add", [g.Op1("Mul", [buffer, g.Scalar((float)spec.Momentum)]), grad], theta.Shape);
                        state.Add(buffer);
                        newState.Add(next);
                        newParameters.Add(g.Op1("Sub", [theta, g.Op1("Mul", [next, lr])], theta.Shape));
                        break;
                    }

                case OptimizerKind.Adam:
                case OptimizerKind.AdamW:
                    {
                        var m = g.Input($"{theta.Name}.m", DataType.Float, theta.Shape!);
                        var v = g.Input($"{theta.Name}.v", DataType.Float, theta.Shape!);
                        var (nextM, nextV, nextTheta) = scalars!.Update(theta, grad, m, v, spec.Kind == OptimizerKind.AdamW ? decay : 0);
                        state.Add(m);
                        state.Add(v);
                        newState.Add(nextM);
                        newState.Add(nextV);
                        newParameters.Add(nextTheta);
                        break;
                    }

                default:
                    throw new NotSupportedException($"Optimizer {spec.Kind} is not supported.");
            }
        }

        var perParameter = parameters.Count == 0 ? 0 : state.Count / parameters.Count;
        state.Add(step);
        newState.Add(nextStep);
        return new OptimizerStep(lr, step, state, newParameters, newState, perParameter);
    }

    /// <summary>
    /// The scalars one Adam step shares across parameters. PyTorch's θ −= lr/c1 · m/(√v/√c2 + ε) is computed as
    /// θ −= (lr·√c2/c1) · m/(√v + ε·√c2) (c = 1 − βᵗ): the same value with one multiplication less per element.
    /// </summary>
    private sealed class AdamScalars
    {
        private readonly GraphBuilder _g;
        private readonly OptimizerSpec _spec;
        private readonly Value _lr;
        private readonly Value _stepSize;
        private readonly Value _epsilon;
        private Value? _decayFactor;

        public AdamScalars(GraphBuilder g, OptimizerSpec spec, Value lr, Value t)
        {
            _g = g;
            _spec = spec;
            _lr = lr;
            var one = g.Scalar(1);
            var correction1 = g.Op1("Sub", [one, g.Op1("Pow", [g.Scalar((float)spec.Beta1), t], [])], []);
            var correction2 = g.Op1("Sub", [one, g.Op1("Pow", [g.Scalar((float)spec.Beta2), t], [])], []);
            var sqrtCorrection2 = g.Op1("Sqrt", [correction2], []);
            _stepSize = g.Op1("Div", [g.Op1("Mul", [lr, sqrtCorrection2], []), correction1], []);
            _epsilon = g.Op1("Mul", [g.Scalar((float)spec.Epsilon), sqrtCorrection2], []);
        }

        public (Value M, Value V, Value Theta) Update(Value theta, Value grad, Value m, Value v, float decoupledDecay)
        {
            var g = _g;
            var shape = theta.Shape;
            var b1 = (float)_spec.Beta1;
            var b2 = (float)_spec.Beta2;
            var nextM = g.Op1("Add", [g.Op1("Mul", [m, g.Scalar(b1)]), g.Op1("Mul", [grad, g.Scalar(1 - b1)])], shape);
            var squared = g.Op1("Mul", [grad, grad], shape);
            var nextV = g.Op1("Add", [g.Op1("Mul", [v, g.Scalar(b2)]), g.Op1("Mul", [squared, g.Scalar(1 - b2)])], shape);
            var denominator = g.Op1("Add", [g.Op1("Sqrt", [nextV], shape), _epsilon], shape);
            var update = g.Op1("Mul", [g.Op1("Div", [nextM, denominator], shape), _stepSize], shape);
            var decayed = theta;
            if (decoupledDecay != 0)
            {
                _decayFactor ??= g.Op1("Sub", [g.Scalar(1), g.Op1("Mul", [_lr, g.Scalar(decoupledDecay)], [])], []);
                decayed = g.Op1("Mul", [theta, _decayFactor], shape);
            }

            return (nextM, nextV, g.Op1("Sub", [decayed, update], shape));
        }
    }
}
