using System.Diagnostics;

namespace Maas.Testing;

/// <summary>
/// Waits for a condition by checking it again and again until a deadline, never by sleeping a fixed time. Each wait
/// says what it waits for: at the deadline it fails with a <see cref="TimeoutException"/> that names it (and the last
/// value seen, for the forms that read one). Not for what can be awaited directly (a task, a process's exit): use
/// <c>WaitAsync(timeout)</c> there.
/// </summary>
internal static class Poll
{
    /// <summary>How long a wait lasts unless the caller says otherwise; also the tests' bound on awaiting a task.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The pause between two checks unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>Checks <paramref name="condition"/> until it holds; <paramref name="what"/> completes "waiting until …".</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, TimeSpan? interval = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout, interval);

    /// <summary>Checks the asynchronous <paramref name="condition"/> until it holds; <paramref name="what"/> completes "waiting until …".</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, TimeSpan? interval = null) =>
        WaitAsync(condition, static holds => holds, what, timeout, interval, describe: null);

    /// <summary>
    /// Reads a value with <paramref name="read"/> until <paramref name="done"/> holds for it and returns that value;
    /// at the deadline the failure shows the last value, through <paramref name="describe"/> (or its <c>ToString</c>).
    /// </summary>
    public static Task<T> UntilAsync<T>(
        Func<Task<T>> read,
        Func<T, bool> done,
        string what,
        TimeSpan? timeout = null,
        TimeSpan? interval = null,
        Func<T, string>? describe = null) =>
        WaitAsync(read, done, what, timeout, interval, describe ?? (static value => value?.ToString() ?? "null"));

    private static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout, TimeSpan? interval, Func<T, string>? describe)
    {
        var limit = timeout ?? DefaultTimeout;
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (elapsed.Elapsed > limit)
            {
                var last = describe is null ? string.Empty : "; last seen: " + describe(value);
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.###} s waiting until {what}{last}.");
            }

            await Task.Delay(interval ?? DefaultInterval);
        }
    }
}
