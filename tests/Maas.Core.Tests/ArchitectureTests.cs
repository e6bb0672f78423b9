using System.Reflection;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;

namespace Maas.Core.Tests;

/// <summary>
/// Dependencies point inward, as docs/ARCHITECTURE.md draws them, and every log message has its own event id from its
/// project's range of the ledger there; both checked on the built assemblies.
/// </summary>
public sealed class ArchitectureTests
{
    // What each assembly must not reference (prefixes of assembly names). Every project in src/ has a row.
    private static readonly Dictionary<string, string[]> Rules = new()
    {
        // Core is the vocabulary: no engine, no web stack, no database, no other Maas layer.
        ["Maas.Core"] = [OnnxRuntime, AspNetCore, Sqlite, MlNet, "Maas.Onnx", "Maas.Storage", "Maas.Runtime", "Maas.Training", "Maas.Server", "Maas.Client", Cli],
        // Pure graph work: no ONNX Runtime, no storage, no web, nothing that runs or trains models.
        ["Maas.Onnx"] = [OnnxRuntime, AspNetCore, Sqlite, MlNet, "Maas.Storage", "Maas.Runtime", "Maas.Training", "Maas.Server", "Maas.Client", Cli],
        // Metadata and blobs: no engine, no graph, no web.
        ["Maas.Storage"] = [OnnxRuntime, AspNetCore, MlNet, "Maas.Onnx", "Maas.Runtime", "Maas.Training", "Maas.Server", "Maas.Client", Cli],
        // The serving engine: sessions and batching, not the ONNX schema, storage, training or the web.
        ["Maas.Runtime"] = [AspNetCore, Sqlite, MlNet, "Maas.Onnx", "Maas.Storage", "Maas.Training", "Maas.Server", "Maas.Client", Cli],
        // Training is a library of engines: no web stack, no storage, and it knows nothing of who hosts it.
        ["Maas.Training"] = [AspNetCore, Sqlite, "Maas.Storage", "Maas.Server", "Maas.Client", Cli],
        // The SDK talks to the server over the wire only.
        ["Maas.Client"] = [OnnxRuntime, AspNetCore, Sqlite, MlNet, "Maas.Server", "Maas.Storage", "Maas.Onnx", "Maas.Runtime", "Maas.Training", Cli],
        // Nothing but the executable references the composition root, and the root does not reference the SDK.
        ["Maas.Server"] = [Cli, "Maas.Client"],
        // The executable: the SDK for every command, the server for `serve`; never a layer below them directly.
        [Cli] = [OnnxRuntime, Sqlite, MlNet, "Maas.Onnx", "Maas.Storage", "Maas.Runtime", "Maas.Training"],
    };

    // The event id ranges of docs/ARCHITECTURE.md ("Log event ids").
    private static readonly Dictionary<string, (int First, int Last)> EventIdRanges = new()
    {
        ["Maas.Core"] = (100, 999),
        ["Maas.Storage"] = (1000, 1999),
        ["Maas.Runtime"] = (2000, 2999),
        ["Maas.Training"] = (3000, 3999),
        ["Maas.Server"] = (4000, 4999),
        ["Maas.Onnx"] = (5000, 5999),
        ["Maas.Client"] = (6000, 6999),
        [Cli] = (7000, 7999),
    };

    private const string OnnxRuntime = "Microsoft.ML.OnnxRuntime";
    private const string AspNetCore = "Microsoft.AspNetCore";
    private const string Sqlite = "Microsoft.Data.Sqlite";
    private const string MlNet = "Microsoft.ML";
    private const string Cli = "maas";

    public static TheoryData<string> Assemblies => [.. Rules.Keys];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Assembly_References_PointInwardOnly(string assembly)
    {
        var forbidden = Rules[assembly];
        var references = Assembly.Load(assembly).GetReferencedAssemblies().Select(a => a.Name!).ToList();

        var violations = references.Where(r => forbidden.Any(f => Matches(r, f))).ToList();

        Assert.True(violations.Count == 0, $"{assembly} must not reference {string.Join(", ", violations)}");
    }

    // A prefix names an assembly and its sub-assemblies; ML.NET's are Microsoft.ML.*, but ONNX Runtime's name is its own rule.
    private static bool Matches(string reference, string forbidden) =>
        forbidden == MlNet
            ? (reference == MlNet || reference.StartsWith(MlNet + ".", StringComparison.Ordinal)) && !reference.StartsWith(OnnxRuntime, StringComparison.Ordinal)
            : reference == forbidden || reference.StartsWith(forbidden + ".", StringComparison.Ordinal);

    [Fact]
    public void Rules_CoverEveryProjectInSrc()
    {
        var projects = Directory.GetFiles(Path.Combine(TestFixtures.RepositoryRoot, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(path => XDocument.Load(path).Descendants("AssemblyName").FirstOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(path))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(projects, Rules.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(projects, EventIdRanges.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Cli_IsTheOnlyAssemblyReferencingServer()
    {
        var referencing = Rules.Keys
            .Where(name => Assembly.Load(name).GetReferencedAssemblies().Any(r => r.Name == "Maas.Server"))
            .ToList();

        Assert.Equal([Cli], referencing);
    }

    [Fact]
    public void LogMessages_HaveUniqueEventIdsInTheirProjectsRange()
    {
        var messages = EventIdRanges.Keys
            .SelectMany(name => Assembly.Load(name).GetTypes().SelectMany(type => type
                .GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Select(method => (Assembly: name, Method: $"{type.Name}.{method.Name}", Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))))
            .Where(m => m.Attribute is not null)
            .ToList();
        Assert.NotEmpty(messages);

        var problems = messages
            .Where(m => m.Attribute!.EventId < EventIdRanges[m.Assembly].First || m.Attribute.EventId > EventIdRanges[m.Assembly].Last)
            .Select(m => $"{m.Assembly} {m.Method}: event id {m.Attribute!.EventId} is outside {EventIdRanges[m.Assembly].First}-{EventIdRanges[m.Assembly].Last}")
            .Concat(messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1)
                .Select(g => $"event id {g.Key} is used by {string.Join(", ", g.Select(m => m.Method))}"))
            .ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
