using Google.Protobuf;
using Maas.Core.Training;
using Maas.Onnx.Graphs;
using Microsoft.ML.OnnxRuntime;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Tests.Graphs;

public sealed class OptimizersTests
{
    private static readonly double[] Theta0 = [0.5, -1.0, 2.0];
    private static readonly double[][] Grads = [[0.1, -0.2, 0.3], [-0.4, 0.05, 0.2]];

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0.0, 1e-8)]
    [InlineData(OptimizerKind.Sgd, 0.1, 1e-8)]
    [InlineData(OptimizerKind.Momentum, 0.1, 1e-8)]
    [InlineData(OptimizerKind.Adam, 0.0, 1e-8)]
    [InlineData(OptimizerKind.Adam, 0.1, 1e-8)]
    [InlineData(OptimizerKind.Adam, 0.0, 0.05)] // ε large enough that adding it before/after the bias correction differs
    [InlineData(OptimizerKind.AdamW, 0.1, 1e-8)]
    [InlineData(OptimizerKind.AdamW, 0.1, 0.05)]
    public void Append_TwoSteps_MatchPyTorchFormulas(OptimizerKind kind, double weightDecay, double epsilon)
    {
        var spec = new OptimizerSpec { Kind = kind, LearningRate = 0.05, Momentum = 0.8, Beta1 = 0.9, Beta2 = 0.99, Epsilon = epsilon, WeightDecay = weightDecay };
        var g = new GraphBuilder("opt");
        var theta = g.Input("theta", DataType.Float, [3]);
        var grad = g.Input("grad", DataType.Float, [3]);
        var step = Optimizers.Append(g, spec, [theta], [grad]);
        var thetaOut = g.Output(step.NewParameters[0], "theta_next");
        var stateOut = step.NewState.Select((v, i) => g.Output(v, "state_next" + i).Name).ToArray();
        Assert.Equal(kind switch { OptimizerKind.Sgd => 0, OptimizerKind.Momentum => 1, _ => 2 }, step.StatePerParameter);
        Assert.Same(step.Step, step.StateInputs[^1]);
        Assert.DoesNotContain(step.LearningRate, g.Inputs);

        using var session = new InferenceSession(g.ToModel().ToByteArray());
        var state = step.InitialState().Select(a => a.Select(f => (double)f).ToArray()).ToArray();
        var current = Theta0.ToArray();
        var expected = new Reference(spec, Theta0);
        foreach (var gradient in Grads)
        {
            var feeds = new List<CheckInput>
            {
                new("theta", DataType.Float, [3], current),
                new("grad", DataType.Float, [3], gradient),
            };
            feeds.AddRange(step.StateInputs.Select((v, i) => new CheckInput(v.Name, DataType.Float, step.StateShapes[i], state[i])));
            var result = GradientCheck.Run(session, feeds, [thetaOut.Name, .. stateOut]);
            current = result[0];
            state = result[1..];
            expected.Step(gradient);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(expected.Theta[i], current[i], 1e-6);
            }
        }

        Assert.Equal(2, state[^1][0]);
    }

    [Fact]
    public void Append_LearningRateFed_OverridesDefault()
    {
        var g = new GraphBuilder("opt");
        var theta = g.Input("theta", DataType.Float, [1]);
        var grad = g.Input("grad", DataType.Float, [1]);
        var step = Optimizers.Append(g, new OptimizerSpec { Kind = OptimizerKind.Sgd, LearningRate = 0.1 }, [theta], [grad]);
        var output = g.Output(step.NewParameters[0], "theta_next");
        using var session = new InferenceSession(g.ToModel().ToByteArray());
        CheckInput[] feeds = [new("theta", DataType.Float, [1], [1.0]), new("grad", DataType.Float, [1], [2.0]), new("step", DataType.Float, [], [0])];
        Assert.Equal(0.8, GradientCheck.Run(session, feeds, [output.Name])[0][0], 1e-6);
        CheckInput[] withRate = [.. feeds, new(step.LearningRate.Name, DataType.Float, [], [0.25])];
        Assert.Equal(0.5, GradientCheck.Run(session, withRate, [output.Name])[0][0], 1e-6);
    }

    /// <summary>torch.optim semantics in double precision.</summary>
    private sealed class Reference(OptimizerSpec spec, double[] theta)
    {
        private readonly double[] _m = new double[theta.Length];
        private readonly double[] _v = new double[theta.Length];
        private int _t;

        public double[] Theta { get; } = theta.ToArray();

        public void Step(double[] gradient)
        {
            _t++;
            for (var i = 0; i < Theta.Length; i++)
            {
                var lr = spec.LearningRate;
                var g = gradient[i];
                if (spec.Kind != OptimizerKind.AdamW)
                {
                    g += spec.WeightDecay * Theta[i];
                }

                switch (spec.Kind)
                {
                    case OptimizerKind.Sgd:
                        Theta[i] -= lr * g;
                        break;
                    case OptimizerKind.Momentum:
                        _m[i] = _t == 1 ? g : (spec.Momentum * _m[i]) + g;
                        Theta[i] -= lr * _m[i];
                        break;
                    default:
                        if (spec.Kind == OptimizerKind.AdamW)
                        {
                            Theta[i] *= 1 - (lr * spec.WeightDecay);
                        }

                        _m[i] = (spec.Beta1 * _m[i]) + ((1 - spec.Beta1) * g);
                        _v[i] = (spec.Beta2 * _v[i]) + ((1 - spec.Beta2) * g * g);
                        var denominator = (Math.Sqrt(_v[i]) / Math.Sqrt(1 - Math.Pow(spec.Beta2, _t))) + spec.Epsilon;
                        Theta[i] -= lr / (1 - Math.Pow(spec.Beta1, _t)) * _m[i] / denominator;
                        break;
                }
            }
        }
    }
}
