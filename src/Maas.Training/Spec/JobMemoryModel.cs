using Maas.Core.Training;
using Maas.Training.Engine;
using Maas.Training.Models;

namespace Maas.Training.Spec;

/// <summary>The arithmetic behind <see cref="JobMemoryEstimate"/>: bytes from shapes, layer by layer.</summary>
internal static class JobMemoryModel
{
    private const int FloatBytes = sizeof(float);

    /// <summary>Per row, what the tree trainer's copies of the data take beyond their values (array headers, bookkeeping).</summary>
    private const int TreeRowOverheadBytes = 64;

    public static JobMemoryEstimate Estimate(TrainingSpec spec, DatasetShape shape)
    {
        var featureBytes = shape.Rows * (shape.InputWidth + 1L) * FloatBytes;
        if (spec.Model.Kind == ModelKind.Gbdt)
        {
            var trees = spec.Model.Gbdt ?? new GbdtSpec();
            var treeBytes = (long)trees.Trees * trees.Leaves * 32 * Math.Max(1, shape.Outputs);
            var copies = (3 * featureBytes) + (shape.Rows * TreeRowOverheadBytes);
            return new JobMemoryEstimate(shape.TableBytes, featureBytes, treeBytes, 0, copies, JobMemoryEstimate.RuntimeAllowanceBytes);
        }

        var network = Network.Create(spec.Model, shape.InputWidth, shape.Outputs);
        var parameters = network.ParameterCount * FloatBytes;
        var optimizer = spec.Optimizer.Kind switch
        {
            OptimizerKind.Sgd => 0,
            OptimizerKind.Momentum => parameters,
            _ => 2 * parameters,
        };

        var (forward, workspace) = ForwardFloatsPerRow(network);
        var batch = Math.Max(1, Math.Min(spec.BatchSize, shape.Rows));
        var evaluation = Math.Max(1, Math.Min(EvaluationSession.ChunkRows, shape.Rows));

        // A step keeps the forward activations for the backward pass, which makes a gradient of each; evaluation
        // runs the forward pass alone, but over a larger chunk of rows.
        var activations = Math.Max(2 * forward * batch, forward * evaluation) * FloatBytes;
        activations += 2 * workspace * FloatBytes;
        return new JobMemoryEstimate(shape.TableBytes, featureBytes, 3 * parameters, optimizer, activations, JobMemoryEstimate.RuntimeAllowanceBytes);
    }

    /// <summary>
    /// The values one row produces through the forward pass (the input, every layer's output, activation, pooling
    /// with its indices, dropout mask and product, the loss's inputs), and the largest convolution workspace
    /// (one image unrolled for its kernel).
    /// </summary>
    private static (long Forward, long Workspace) ForwardFloatsPerRow(Network network)
    {
        long forward = network.InputWidth;
        long workspace = 0;
        foreach (var layer in network.Layers)
        {
            switch (layer)
            {
                case ConvLayer conv:
                    var output = (long)conv.OutChannels * conv.OutHeight * conv.OutWidth;
                    forward += 2 * output;
                    if (conv.Pool)
                    {
                        // The pooled values and their int64 indices, which the backward pass routes gradients by.
                        forward += 3L * conv.OutChannels * conv.PooledHeight * conv.PooledWidth;
                    }

                    workspace = Math.Max(workspace, (long)conv.InChannels * conv.Kernel * conv.Kernel * conv.OutHeight * conv.OutWidth);
                    break;
                case DenseLayer dense:
                    forward += dense.Outputs * (1L + (dense.Activation is null ? 0 : 1) + (dense.Dropout ? 2 : 0));
                    break;
                default:
                    break;
            }
        }

        return (forward + (2L * network.Outputs), workspace);
    }
}
