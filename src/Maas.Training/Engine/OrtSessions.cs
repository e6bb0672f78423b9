using Microsoft.ML.OnnxRuntime;

namespace Maas.Training.Engine;

/// <summary>Session settings for training graphs: full graph optimisation, sequential execution, a fixed thread count, no CPU memory arena.</summary>
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

            // No CPU arena: a job's native memory follows what its tensors need and is returned between steps, rather
            // than held at its peak in an arena that only grows (see docs/security.md, "Training jobs").
            EnableCpuMemArena = false,
        };
        // The optimiser's learning rate is an overridable initializer; ORT warns about that on every session.
        options.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
        return new InferenceSession(model, options);
    }
}
