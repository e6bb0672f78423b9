using Maas.Core;
using Maas.Core.Training;
using Maas.Onnx.Graphs;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Training.Models;

/// <summary>
/// A feed-forward network (linear, logistic, MLP or CNN) described as layers and parameters, able to write its forward
/// pass into a <see cref="GraphBuilder"/> with the parameters given as graph inputs (training) or initializers (export).
/// </summary>
internal sealed class Network
{
    private Network(IReadOnlyList<NetworkLayer> layers, IReadOnlyList<NetworkParameter> parameters, int inputWidth, int outputs, float dropout)
    {
        Layers = layers;
        Parameters = parameters;
        InputWidth = inputWidth;
        Outputs = outputs;
        DropoutRate = dropout;
        DropoutWidths = layers.OfType<DenseLayer>().Where(l => l.Dropout).Select(l => l.Outputs).ToArray();
    }

    public IReadOnlyList<NetworkLayer> Layers { get; }

    public IReadOnlyList<NetworkParameter> Parameters { get; }

    public int InputWidth { get; }

    /// <summary>Width of the last layer (1 for regression and a single-logit binary classifier, K for softmax).</summary>
    public int Outputs { get; }

    public float DropoutRate { get; }

    /// <summary>The width of each dropout site, in forward order; each takes a mask input [N, width] while training.</summary>
    public IReadOnlyList<int> DropoutWidths { get; }

    public long ParameterCount => Parameters.Sum(p => (long)p.Size);

    /// <summary>Lays out the network for <paramref name="inputWidth"/> preprocessed features; bad shapes are InvalidArgument.</summary>
    public static Network Create(ModelSpec model, int inputWidth, int outputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        var layers = new List<NetworkLayer>();
        var dropout = model.Dropout > 0;
        var width = inputWidth;
        switch (model.Kind)
        {
            case ModelKind.Linear:
            case ModelKind.Logistic:
                break;
            case ModelKind.Mlp:
                foreach (var hidden in model.Hidden ?? [])
                {
                    layers.Add(new DenseLayer(width, hidden, model.Activation, dropout));
                    width = hidden;
                }

                break;
            case ModelKind.Cnn:
                width = AddConvolutions(model, inputWidth, layers);
                foreach (var hidden in model.Cnn!.Dense)
                {
                    layers.Add(new DenseLayer(width, hidden, model.Activation, dropout));
                    width = hidden;
                }

                break;
            default:
                throw new MaasException(ErrorCode.InvalidArgument, $"The model kind '{model.Kind}' is not a neural network.");
        }

        layers.Add(new DenseLayer(width, outputs, null, false));
        return new Network(layers, DescribeParameters(layers), inputWidth, outputs, (float)model.Dropout);
    }

    /// <summary>PyTorch-default initial values: U(−1/√fan_in, 1/√fan_in) for weights and biases (Kaiming-uniform, a = √5).</summary>
    public float[][] Initialize(long seed)
    {
        var random = new SeededRandom(seed, stream: -1);
        var values = new float[Parameters.Count][];
        for (var i = 0; i < Parameters.Count; i++)
        {
            var parameter = Parameters[i];
            var bound = 1.0 / Math.Sqrt(parameter.FanIn);
            var data = new float[parameter.Size];
            for (var j = 0; j < data.Length; j++)
            {
                data[j] = (float)(((random.NextDouble() * 2) - 1) * bound);
            }

            values[i] = data;
        }

        return values;
    }

    /// <summary>
    /// Writes the forward pass from <paramref name="x"/> [N, InputWidth] to the last layer's raw output [N, Outputs].
    /// <paramref name="dropoutMasks"/> (training only) are inputs holding 0 or 1/(1−p) per unit, one per dropout site;
    /// when training, max-pools also output their indices so the backward pass can route gradients.
    /// </summary>
    public Value Forward(GraphBuilder g, Value x, IReadOnlyList<Value> parameters, IReadOnlyList<Value>? dropoutMasks)
    {
        ArgumentNullException.ThrowIfNull(g);
        var training = dropoutMasks is not null;
        var n = x.Shape?[0]; // the batch size when the graph is built for one (training), else symbolic
        var h = x;
        var p = 0;
        var d = 0;
        foreach (var layer in Layers)
        {
            switch (layer)
            {
                case ToImageLayer image:
                    h = g.Op1("Reshape", [h, g.Ints(-1, image.Channels, image.Height, image.Width)], [n, image.Channels, image.Height, image.Width]);
                    break;
                case FlattenLayer flatten:
                    h = g.Op1("Reshape", [h, g.Ints(-1, flatten.Size)], [n, flatten.Size]);
                    break;
                case ConvLayer conv:
                    h = g.Op1(
                        "Conv",
                        [h, parameters[p], parameters[p + 1]],
                        [n, conv.OutChannels, conv.OutHeight, conv.OutWidth],
                        [
                            Attr.Wholes("kernel_shape", conv.Kernel, conv.Kernel),
                            Attr.Wholes("strides", conv.Stride, conv.Stride),
                            Attr.Wholes("pads", conv.Padding, conv.Padding, conv.Padding, conv.Padding),
                        ]);
                    p += 2;
                    h = Activate(g, h, conv.Activation);
                    if (conv.Pool)
                    {
                        long?[] pooled = [n, conv.OutChannels, conv.PooledHeight, conv.PooledWidth];
                        h = g.Op(
                            "MaxPool",
                            [h],
                            training ? 2 : 1,
                            [Attr.Wholes("kernel_shape", 2, 2), Attr.Wholes("strides", 2, 2)],
                            training ? [pooled, pooled] : [pooled],
                            training ? [DataType.Float, DataType.Int64] : [DataType.Float])[0];
                    }

                    break;
                case DenseLayer dense:
                    h = g.Op1("Gemm", [h, parameters[p], parameters[p + 1]], [n, dense.Outputs], [Attr.Whole("transB", 1)]);
                    p += 2;
                    if (dense.Activation is { } activation)
                    {
                        h = Activate(g, h, activation);
                    }

                    if (dense.Dropout && training)
                    {
                        h = g.Op1("Mul", [h, dropoutMasks![d++]], [n, dense.Outputs]);
                    }

                    break;
                default:
                    throw new InvalidOperationException($"Unknown layer {layer}.");
            }
        }

        return h;
    }

    private static Value Activate(GraphBuilder g, Value h, Activation activation) => activation switch
    {
        Activation.Relu => g.Op1("Relu", [h], h.Shape),
        Activation.Tanh => g.Op1("Tanh", [h], h.Shape),
        Activation.Sigmoid => g.Op1("Sigmoid", [h], h.Shape),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    private static int AddConvolutions(ModelSpec model, int inputWidth, List<NetworkLayer> layers)
    {
        var cnn = model.Cnn ?? throw new MaasException(ErrorCode.InvalidArgument, "Training spec field 'model.cnn' is required for a cnn model.");
        if (cnn.InputShape.Count != 3)
        {
            throw new MaasException(ErrorCode.InvalidArgument, "Training spec field 'model.cnn.inputShape' must be [C, H, W].");
        }

        int channels = cnn.InputShape[0], height = cnn.InputShape[1], width = cnn.InputShape[2];
        if ((long)channels * height * width != inputWidth)
        {
            throw new MaasException(
                ErrorCode.InvalidArgument,
                $"Training spec field 'model.cnn.inputShape' [{channels}, {height}, {width}] holds {(long)channels * height * width} values, but the features give {inputWidth} values per row (C·H·W must equal the number of preprocessed feature values).");
        }

        layers.Add(new ToImageLayer(channels, height, width));
        for (var i = 0; i < cnn.Conv.Count; i++)
        {
            var spec = cnn.Conv[i];
            var outHeight = ((height + (2 * spec.Padding) - spec.Kernel) / spec.Stride) + 1;
            var outWidth = ((width + (2 * spec.Padding) - spec.Kernel) / spec.Stride) + 1;
            if (height + (2 * spec.Padding) < spec.Kernel || width + (2 * spec.Padding) < spec.Kernel)
            {
                throw new MaasException(
                    ErrorCode.InvalidArgument,
                    $"Training spec field 'model.cnn.conv[{i}].kernel' {spec.Kernel} is larger than its padded input {height + (2 * spec.Padding)}×{width + (2 * spec.Padding)}.");
            }

            var pooledHeight = spec.Pool ? outHeight / 2 : outHeight;
            var pooledWidth = spec.Pool ? outWidth / 2 : outWidth;
            if (pooledHeight < 1 || pooledWidth < 1)
            {
                throw new MaasException(
                    ErrorCode.InvalidArgument,
                    $"Training spec field 'model.cnn.conv[{i}].pool': the {outHeight}×{outWidth} output is too small for a 2×2 max-pool.");
            }

            layers.Add(new ConvLayer(channels, spec.Filters, spec.Kernel, spec.Stride, spec.Padding, spec.Pool, model.Activation, outHeight, outWidth, pooledHeight, pooledWidth));
            channels = spec.Filters;
            height = pooledHeight;
            width = pooledWidth;
        }

        var flattened = checked(channels * height * width);
        layers.Add(new FlattenLayer(flattened));
        return flattened;
    }

    private static NetworkParameter[] DescribeParameters(IReadOnlyList<NetworkLayer> layers)
    {
        var parameters = new List<NetworkParameter>();
        var index = 0;
        foreach (var layer in layers)
        {
            switch (layer)
            {
                case ConvLayer conv:
                    var fanIn = conv.InChannels * conv.Kernel * conv.Kernel;
                    parameters.Add(new NetworkParameter($"conv{index}_weight", [conv.OutChannels, conv.InChannels, conv.Kernel, conv.Kernel], fanIn));
                    parameters.Add(new NetworkParameter($"conv{index}_bias", [conv.OutChannels], fanIn));
                    index++;
                    break;
                case DenseLayer dense:
                    parameters.Add(new NetworkParameter($"dense{index}_weight", [dense.Outputs, dense.Inputs], dense.Inputs));
                    parameters.Add(new NetworkParameter($"dense{index}_bias", [dense.Outputs], dense.Inputs));
                    index++;
                    break;
                default:
                    break;
            }
        }

        return [.. parameters];
    }
}
