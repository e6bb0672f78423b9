using Xunit.Abstractions;

namespace Maas.Onnx.Tests;

/// <summary>The default graph limits, on the shapes of the hostile uploads.</summary>
public sealed class OnnxModelInspectorGraphSizeTests(ITestOutputHelper output)
{
    [Fact]
    public void Inspect_OneNodeMoreThanTheDefaultLimit_RejectsNamingCountLimitAndFlag()
    {
        var message = Rejections.Of(ReluGraphs.Wide(100_001));

        Assert.Equal(
            "The model has 100001 nodes, counting subgraphs and function bodies; Maas accepts at most 100000 (--max-graph-nodes), since ONNX Runtime spends memory and load time on every node.",
            message);
    }

    [Fact]
    public void Inspect_ChainOneNodeDeeperThanTheDefaultLimit_RejectsNamingDepthLimitAndFlag()
    {
        var message = Rejections.Of(ReluGraphs.Chain(10_001));

        Assert.Equal("The model's longest chain of nodes is 10001 nodes long; Maas accepts at most 10000 (--max-graph-depth).", message);
    }

    [Fact]
    public void Inspect_ChainAtTheDefaultDepthLimit_Accepts()
    {
        Assert.Equal("x", OnnxModelInspector.Inspect(ReluGraphs.Chain(10_000).ToStream()).Signature.Inputs[0].Name);
    }

    [Fact]
    public void Inspect_ThreeMillionNodes_RefusesForAFractionOfWhatParsingCosts()
    {
        var bytes = ReluGraphs.WideBytes(3_000_000);
        OnnxModelInspector.Inspect(new MemoryStream(ReluGraphs.WideBytes(10))); // JIT and type initialisers are not the point
        var before = GC.GetAllocatedBytesForCurrentThread();

        var message = Rejections.Of(new MemoryStream(bytes, writable: false));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"Refusing {bytes.Length:N0} bytes of 3 M nodes allocated {allocated:N0} bytes.");
        Assert.StartsWith("The model has 3000000 nodes", message, StringComparison.Ordinal);

        // Parsing them costs over 500 MB; the count keeps one read buffer.
        Assert.InRange(allocated, 0, 1L << 20);
    }
}
