using Microsoft.Extensions.Logging.Abstractions;

namespace Maas.Runtime.Tests;

/// <summary>Hosts configured for a 2-core test machine: one intra-op thread per session.</summary>
internal static class TestHosts
{
    public static ModelHost Create(
        TestModelSource source,
        TimeProvider? timeProvider = null,
        long memoryBudgetBytes = 4L << 30,
        IInferenceObserver? observer = null,
        bool warmup = true,
        TimeSpan? memoryWaitTimeout = null,
        Func<long>? residentBytes = null) =>
        new(
            new ModelHostOptions
            {
                MemoryBudgetBytes = memoryBudgetBytes,
                IntraOpThreads = 1,
                Warmup = warmup,
                MemoryWaitTimeout = memoryWaitTimeout ?? TimeSpan.FromSeconds(30),
            },
            source,
            timeProvider ?? TimeProvider.System,
            NullLoggerFactory.Instance,
            observer)
        {
            // Measured growth would make every accounted byte depend on the process; by default a load here is
            // measured to cost nothing, so the estimate stands. The budget tests that are about measuring pass a probe.
            ResidentBytes = residentBytes ?? (() => 0),
        };
}
