using Xunit.Abstractions;

namespace Maas.Onnx.Tests;

public sealed class OnnxModelInspectorAllocationTests(ITestOutputHelper output)
{
    private const long BudgetBytes = 8 * 1024 * 1024;

    [Fact]
    public void Inspect_Resnet18_AllocatesFarLessThanItsWeights()
    {
        var path = TestFixtures.Model("resnet18");
        Inspect(path); // JIT, type initialisers and parser set-up are not what the budget is about

        var before = GC.GetAllocatedBytesForCurrentThread();
        Inspect(path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        output.WriteLine($"Inspecting {new FileInfo(path).Length:N0} bytes allocated {allocated:N0} bytes.");
        Assert.InRange(allocated, 0, BudgetBytes);
    }

    private static void Inspect(string path)
    {
        using var stream = File.OpenRead(path);
        OnnxModelInspector.Inspect(stream);
    }
}
