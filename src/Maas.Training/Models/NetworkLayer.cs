using Maas.Core.Training;

namespace Maas.Training.Models;

/// <summary>One step of a network's forward pass.</summary>
internal abstract record NetworkLayer;

/// <summary>y = x·Wᵀ + b (Gemm, transB = 1, W stored [out, in] as torch.nn.Linear does), then an optional activation and dropout.</summary>
internal sealed record DenseLayer(int Inputs, int Outputs, Activation? Activation, bool Dropout) : NetworkLayer;

/// <summary>A square-kernel Conv2d with symmetric padding, an activation, and optionally a 2×2 max-pool with stride 2.</summary>
internal sealed record ConvLayer(
    int InChannels,
    int OutChannels,
    int Kernel,
    int Stride,
    int Padding,
    bool Pool,
    Activation Activation,
    int OutHeight,
    int OutWidth,
    int PooledHeight,
    int PooledWidth) : NetworkLayer;

/// <summary>[N, C·H·W] → [N, C, H, W].</summary>
internal sealed record ToImageLayer(int Channels, int Height, int Width) : NetworkLayer;

/// <summary>[N, C, H, W] → [N, C·H·W].</summary>
internal sealed record FlattenLayer(int Size) : NetworkLayer;
