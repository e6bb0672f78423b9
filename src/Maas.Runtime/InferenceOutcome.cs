namespace Maas.Runtime;

/// <summary>How one request went, as reported to <see cref="IInferenceObserver"/>.</summary>
/// <param name="Success">Whether the request returned outputs.</param>
/// <param name="Queue">Time from entering the queue to the start of its execution; zero when it never ran.</param>
/// <param name="Compute">Time of the execution it ran in (input copy, inference and output copy).</param>
/// <param name="Total">Time from the call to its return, including a load on first use.</param>
/// <param name="Rows">The request's first dimension (1 for models without a batch dimension).</param>
public sealed record InferenceOutcome(bool Success, TimeSpan Queue, TimeSpan Compute, TimeSpan Total, int Rows);
