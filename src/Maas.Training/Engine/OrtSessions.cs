using Microsoft.ML.OnnxRuntime;

namespace Maas.Training.Engine;

/// <summary>Session settings for training graphs: full graph optimisation, sequential execution, a fixed thread count.</summary>
internal static class OrtSessions
{
    /// <summary>A session for <paramref name="model"/> with <paramref name="threads"/> intra-op threads (see <see cref="Spec.TrainingLimits.TrainingThreads"/>).</summary>
    public static InferenceSession Create(byte[] model, int threads)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = Math.Max(1, threads),
            InterOpNumThreads = 1,
        };
        // The optimiser's learning rate is an overridable initializer; ORT warns about that on every session.
        options.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
        return new InferenceSession(model, options);
    }
}
