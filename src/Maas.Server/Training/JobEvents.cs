using System.Collections.Concurrent;
using System.Threading.Channels;
using Maas.Core.Training;

namespace Maas.Server.Training;

/// <summary>One Server-Sent Event of a job's stream: <c>progress</c> and <c>end</c> carry a <see cref="JobInfo"/>, <c>log</c> a <see cref="JobLogLine"/>.</summary>
internal sealed record JobEvent(string Name, object Data)
{
    public const string ProgressName = "progress";
    public const string LogName = "log";
    public const string EndName = "end";

    public static JobEvent Progress(JobInfo job) => new(ProgressName, job);

    public static JobEvent Log(JobLogLine line) => new(LogName, line);

    public static JobEvent End(JobInfo job) => new(EndName, job);
}

/// <summary>
/// Fans a job's events out to the streams that follow it. Publishing never waits: each subscriber has a bounded
/// queue that drops its oldest events when the client reads too slowly, so a stalled client cannot hold up
/// training; the end event, published last, is never the one dropped.
/// </summary>
internal sealed class JobEvents
{
    private const int QueueCapacity = 256;
    private readonly ConcurrentDictionary<string, List<Channel<JobEvent>>> _subscribers = new(StringComparer.Ordinal);

    /// <summary>Starts receiving the events of job <paramref name="id"/>; dispose the subscription to stop.</summary>
    public Subscription Subscribe(string id)
    {
        var channel = Channel.CreateBounded<JobEvent>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        while (true)
        {
            var list = _subscribers.GetOrAdd(id, _ => []);
            lock (list)
            {
                // The last subscriber may have just removed this list from the map; then take a fresh one.
                if (_subscribers.TryGetValue(id, out var current) && ReferenceEquals(current, list))
                {
                    list.Add(channel);
                    return new Subscription(this, id, channel);
                }
            }
        }
    }

    /// <summary>Delivers <paramref name="jobEvent"/> to every current subscriber of job <paramref name="id"/>.</summary>
    public void Publish(string id, JobEvent jobEvent)
    {
        if (!_subscribers.TryGetValue(id, out var list))
        {
            return;
        }

        lock (list)
        {
            foreach (var channel in list)
            {
                channel.Writer.TryWrite(jobEvent);
            }
        }
    }

    private void Unsubscribe(string id, Channel<JobEvent> channel)
    {
        if (_subscribers.TryGetValue(id, out var list))
        {
            lock (list)
            {
                list.Remove(channel);
                if (list.Count == 0)
                {
                    _subscribers.TryRemove(new KeyValuePair<string, List<Channel<JobEvent>>>(id, list));
                }
            }
        }
    }

    /// <summary>A subscriber's queue of events.</summary>
    internal sealed class Subscription(JobEvents owner, string id, Channel<JobEvent> channel) : IDisposable
    {
        private int _disposed;

        public ChannelReader<JobEvent> Reader => channel.Reader;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(id, channel);
            }
        }
    }
}
