namespace Maas.Testing;

/// <summary>
/// The tests' one fake clock: it moves only when a test calls <see cref="Advance"/>. Timestamps are its UTC ticks
/// (<see cref="TimestampFrequency"/> is <see cref="TimeSpan.TicksPerSecond"/>), so elapsed times are exact. Timers
/// created through it (including <c>Task.Delay(delay, timeProvider)</c>, <c>WaitAsync(timeout, timeProvider)</c> and
/// <c>new CancellationTokenSource(delay, timeProvider)</c>) fire during <see cref="Advance"/>, on the calling thread, in
/// the order they fall due; a timer due at once fires at the next <see cref="Advance"/>, and a periodic one at most
/// once per call.
/// </summary>
/// <remarks>
/// Kept here rather than <c>FakeTimeProvider</c>: tests wait for <see cref="PendingTimerCount"/> to know a request is
/// inside its batching window, which that class does not expose, and a whole server needs
/// <see cref="TimersOnSystemClock"/>, which it does not have.
/// </remarks>
internal sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>Where a clock made without a start time starts: 2025-01-01 00:00 UTC.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;

    public ManualTimeProvider()
        : this(DefaultStart)
    {
    }

    /// <summary>A clock that reads <paramref name="start"/> until it is advanced (stored times can then be compared exactly).</summary>
    public ManualTimeProvider(DateTimeOffset start) => _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>
    /// Whether timers run on the system's clock, in real time, instead of firing during <see cref="Advance"/>. For a
    /// whole server given this clock for its time-based decisions (key expiry, rate limits): its background work
    /// (job progress flushes, request timeouts) must go on while a test holds the time still. Default: false.
    /// </summary>
    public bool TimersOnSystemClock { get; init; }

    /// <summary>Timers waiting to fire during <see cref="Advance"/> (none when <see cref="TimersOnSystemClock"/>).</summary>
    public int PendingTimerCount
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (TimersOnSystemClock)
        {
            return System.CreateTimer(callback, state, dueTime, period);
        }

        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward by <paramref name="by"/> and fires the timers that fell due, earliest first.</summary>
    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_lock)
        {
            _now += by;
            due = _timers.Where(t => t.DueAt <= _now).OrderBy(t => t.DueAt).ToList();
            foreach (var timer in due)
            {
                _timers.Remove(timer);
            }
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.DueAt = _now + dueTime;
                _timers.Add(timer);
            }
        }
    }

    private void Remove(ManualTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            owner.Schedule(this, dueTime);
            return true;
        }

        public void Fire()
        {
            if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
            {
                owner.Schedule(this, _period);
            }

            callback(state);
        }

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
