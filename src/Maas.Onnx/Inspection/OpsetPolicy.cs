using Google.Protobuf.Collections;
using Maas.Onnx.Proto;

namespace Maas.Onnx.Inspection;

/// <summary>
/// Which operator domains and versions Maas loads: those ONNX Runtime 1.31 implements, plus the domains of the model's
/// own functions. Any other domain would need a custom operator library, that is native code from the uploader.
/// </summary>
internal static class OpsetPolicy
{
    /// <summary>The name the default domain (<c>""</c>) goes by.</summary>
    public const string DefaultDomain = "ai.onnx";

    // The lower ai.onnx bound is where ONNX Runtime stops warning; the upper bounds are where it stops loading.
    private static readonly Dictionary<string, (long Min, long Max)> Supported = new(StringComparer.Ordinal)
    {
        [DefaultDomain] = (7, 26),
        ["ai.onnx.ml"] = (1, 5),
        ["com.microsoft"] = (1, 1),
    };

    /// <summary>The domain's canonical name: <c>""</c> becomes <c>ai.onnx</c>.</summary>
    public static string Normalize(string domain) => domain.Length == 0 ? DefaultDomain : domain;

    /// <summary>Whether nodes may use <paramref name="domain"/>, given the domains of the model's functions.</summary>
    public static bool IsAllowed(string domain, IReadOnlySet<string> functionDomains)
    {
        var name = Normalize(domain);
        return Supported.ContainsKey(name) || functionDomains.Contains(name);
    }

    /// <summary>Checks the imports of the model or of one of its functions and returns them, domain to version.</summary>
    public static Dictionary<string, long> Read(
        RepeatedField<OperatorSetIdProto> imports, IReadOnlySet<string> functionDomains, string owner)
    {
        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var import in imports)
        {
            var domain = Normalize(import.Domain);
            if (domain.Length > InspectionLimits.MaxNameLength)
            {
                throw Reject.Because($"{owner} imports an operator domain named with {domain.Length} characters; Maas accepts at most {InspectionLimits.MaxNameLength}.");
            }

            if (Supported.TryGetValue(domain, out var range))
            {
                CheckVersion(domain, import.Version, range, owner);
            }
            else if (!functionDomains.Contains(domain))
            {
                throw Reject.CustomDomain(domain, owner);
            }

            if (!opsets.TryAdd(domain, import.Version))
            {
                throw Reject.Because($"{owner} imports the '{Printable.Clip(domain)}' operator set twice; expected each domain once.");
            }
        }

        return opsets;
    }

    private static void CheckVersion(string domain, long version, (long Min, long Max) range, string owner)
    {
        if (version > range.Max)
        {
            throw Reject.Because($"{owner} imports {domain} opset {version}, which is newer than ONNX Runtime 1.31 supports (at most {range.Max}).");
        }

        if (version < range.Min)
        {
            throw Reject.Because($"{owner} imports {domain} opset {version}, which is older than Maas supports (at least {range.Min}).");
        }
    }
}
