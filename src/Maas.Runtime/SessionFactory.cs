using Microsoft.ML.OnnxRuntime;

namespace Maas.Runtime;

/// <summary>Creates ONNX Runtime sessions from artefact bytes with the host's and the model's settings.</summary>
internal static class SessionFactory
{
    public static InferenceSession Create(byte[] model, ModelHostOptions options, ModelRuntimeConfig config)
    {
        // The host runs one request stream per instance itself, so ONNX Runtime's inter-op parallelism would only
        // compete with other models for the same cores.
        using var sessionOptions = new SessionOptions
        {
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = ParseLevel(options.GraphOptimizationLevel),
        };
        var threads = config.IntraOpThreads > 0 ? config.IntraOpThreads : options.IntraOpThreads;
        if (threads > 0)
        {
            sessionOptions.IntraOpNumThreads = threads;
        }

        if (!options.AllowSpinning)
        {
            // ORT's pool threads otherwise spin after each run, waiting for the next: on a server those cycles are
            // the ones Kestrel needs to parse the next request.
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        }

        // From memory, never from a path: the artefact comes from the blob store, which may be encrypted at rest.
        return new InferenceSession(model, sessionOptions);
    }

    public static GraphOptimizationLevel ParseLevel(string level) => level.ToUpperInvariant() switch
    {
        "NONE" => GraphOptimizationLevel.ORT_DISABLE_ALL,
        "BASIC" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
        "EXTENDED" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        "ALL" => GraphOptimizationLevel.ORT_ENABLE_ALL,
        _ => throw new ArgumentException($"Unknown graph optimisation level '{level}'.", nameof(level)),
    };
}
