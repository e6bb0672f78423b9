namespace Maas.Training.Models;

/// <summary>A trainable tensor of a network: its graph name, shape and the fan-in that scales its initial values.</summary>
internal sealed record NetworkParameter(string Name, long[] Shape, int FanIn)
{
    public int Size => (int)Shape.Aggregate(1L, (a, b) => a * b);
}
