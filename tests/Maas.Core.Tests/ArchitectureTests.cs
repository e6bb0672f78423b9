using System.Reflection;

namespace Maas.Core.Tests;

/// <summary>Dependencies point inward: the layering in docs/ARCHITECTURE.md, checked on the built assemblies.</summary>
public sealed class ArchitectureTests
{
    public static TheoryData<string, string[]> Forbidden => new()
    {
        // Core is the vocabulary: no engine, no web stack, no database, no other Maas layer.
        { "Maas.Core", ["Microsoft.ML.OnnxRuntime", "Microsoft.AspNetCore", "Microsoft.Data.Sqlite", "Maas.Onnx", "Maas.Storage", "Maas.Server", "Maas.Client", "Maas.Cli"] },
        // Pure graph work: no ONNX Runtime, no storage, no web.
        { "Maas.Onnx", ["Microsoft.ML.OnnxRuntime", "Microsoft.AspNetCore", "Maas.Storage", "Maas.Server", "Maas.Client", "Maas.Cli"] },
        { "Maas.Storage", ["Microsoft.ML.OnnxRuntime", "Microsoft.AspNetCore", "Maas.Onnx", "Maas.Server", "Maas.Client", "Maas.Cli"] },
        // Training is a library of engines: no web stack, no storage, and it knows nothing of who hosts it.
        { "Maas.Training", ["Microsoft.AspNetCore", "Maas.Storage", "Maas.Server", "Maas.Client", "Maas.Cli"] },
        // The SDK talks to the server over the wire only.
        { "Maas.Client", ["Microsoft.AspNetCore", "Maas.Server", "Maas.Storage", "Maas.Onnx", "Maas.Cli"] },
        // Nothing but the executable references the composition root.
        { "Maas.Server", ["Maas.Cli", "Maas.Client"] },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Assembly_References_PointInwardOnly(string assembly, string[] forbiddenPrefixes)
    {
        var references = Assembly.Load(assembly).GetReferencedAssemblies().Select(a => a.Name!).ToList();

        var violations = references.Where(r => forbiddenPrefixes.Any(f => r.StartsWith(f, StringComparison.Ordinal))).ToList();

        Assert.True(violations.Count == 0, $"{assembly} must not reference {string.Join(", ", violations)}");
    }

    [Fact]
    public void Cli_IsTheOnlyAssemblyReferencingServer()
    {
        var referencing = new[] { "Maas.Core", "Maas.Onnx", "Maas.Storage", "Maas.Training", "Maas.Client", "maas" }
            .Where(name => Assembly.Load(name).GetReferencedAssemblies().Any(r => r.Name == "Maas.Server"))
            .ToList();

        Assert.Equal(["maas"], referencing);
    }
}
