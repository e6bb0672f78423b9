using System.Collections.Concurrent;
using System.Globalization;
using Maas.Runtime;
using Prometheus;

namespace Maas.Server.Inference;

/// <summary>
/// The Prometheus series of the serving path, fed by the model host. Latency is split the way operators debug it:
/// time queued for a batch, time in ONNX Runtime, and the total; batch sizes show whether batching works.
/// </summary>
internal sealed class ServingMetrics : IInferenceObserver
{
    private static readonly double[] LatencyBuckets = Histogram.ExponentialBuckets(0.0001, 2, 18); // 100 µs … ~13 s
    private static readonly string[] VersionLabels = ["model", "version"];

    private readonly Counter _requests;
    private readonly Histogram _queue;
    private readonly Histogram _compute;
    private readonly Histogram _total;
    private readonly Histogram _batchSize;
    private readonly Gauge _queueDepth;
    private readonly Gauge _pending;
    private readonly Gauge _loaded;
    private readonly Gauge _memory;

    // The labelled children of one version, looked up once: finding a child by its label values takes a lock and
    // compares strings, which the tiny-model benchmark showed on every request.
    private readonly ConcurrentDictionary<ModelKey, VersionSeries> _series = new();

    public ServingMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _requests = factory.CreateCounter("maas_inference_requests_total", "Inference requests by model, version and outcome.", ["model", "version", "outcome"]);
        _queue = Latency(factory, "maas_inference_queue_duration_seconds", "Time requests waited in the batching queue.");
        _compute = Latency(factory, "maas_inference_compute_duration_seconds", "Time spent in ONNX Runtime per request (its batch's run).");
        _total = Latency(factory, "maas_inference_request_duration_seconds", "Time from accepting a request to having its outputs.");
        _batchSize = factory.CreateHistogram("maas_inference_batch_size", "Rows per ONNX Runtime execution.", VersionLabels, new HistogramConfiguration { Buckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });
        _queueDepth = factory.CreateGauge("maas_inference_queue_depth", "Requests waiting per loaded version.", VersionLabels);
        _pending = factory.CreateGauge("maas_inference_pending_requests", "Requests accepted and not yet answered (loading, queued or running), per version.", VersionLabels);
        _loaded = factory.CreateGauge("maas_loaded_versions", "Model versions loaded in ONNX Runtime.");
        _memory = factory.CreateGauge("maas_model_memory_bytes", "Estimated memory of each loaded version, counted against the memory budget.", VersionLabels);
    }

    /// <summary>Refreshes the loaded-version gauges from the host; called before each scrape.</summary>
    public void Refresh(ModelHost host)
    {
        var statuses = host.ListStatuses().Where(s => s.State == ModelLoadState.Ready).ToList();
        _loaded.Set(statuses.Count);
        foreach (var labels in _memory.GetAllLabelValues().ToList())
        {
            _memory.RemoveLabelled(labels);
        }

        foreach (var status in statuses)
        {
            _memory.WithLabels(status.Key.Name, Version(status.Key)).Set(status.MemoryBytes);
        }
    }

    public void OnInference(ModelKey key, InferenceOutcome outcome)
    {
        var series = Series(key);
        if (outcome.Success)
        {
            series.Succeeded.Inc();
            series.Queue.Observe(outcome.Queue.TotalSeconds);
            series.Compute.Observe(outcome.Compute.TotalSeconds);
            series.Total.Observe(outcome.Total.TotalSeconds);
        }
        else
        {
            series.Failed.Inc();
        }
    }

    /// <summary>Counts a request as pending until the returned handle is disposed.</summary>
    public PendingRequest TrackPending(ModelKey key) => new(Series(key).Pending);

    public void OnBatch(ModelKey key, int batchRows) => Series(key).BatchSize.Observe(batchRows);

    public void OnQueueDepth(ModelKey key, int depth) => Series(key).QueueDepth.Set(depth);

    private VersionSeries Series(ModelKey key) =>
        _series.TryGetValue(key, out var series) ? series : _series.GetOrAdd(key, static (k, m) => m.CreateSeries(k), this);

    private VersionSeries CreateSeries(ModelKey key)
    {
        var version = Version(key);
        return new VersionSeries(
            _requests.WithLabels(key.Name, version, "success"),
            _requests.WithLabels(key.Name, version, "failure"),
            _queue.WithLabels(key.Name, version),
            _compute.WithLabels(key.Name, version),
            _total.WithLabels(key.Name, version),
            _batchSize.WithLabels(key.Name, version),
            _queueDepth.WithLabels(key.Name, version),
            _pending.WithLabels(key.Name, version));
    }

    private static Histogram Latency(MetricFactory factory, string name, string help) =>
        factory.CreateHistogram(name, help, VersionLabels, new HistogramConfiguration { Buckets = LatencyBuckets });

    private static string Version(ModelKey key) => key.Version.ToString(CultureInfo.InvariantCulture);

    private sealed record VersionSeries(
        Counter.Child Succeeded,
        Counter.Child Failed,
        Histogram.Child Queue,
        Histogram.Child Compute,
        Histogram.Child Total,
        Histogram.Child BatchSize,
        Gauge.Child QueueDepth,
        Gauge.Child Pending);

    /// <summary>Keeps one request in the pending gauge while it lives.</summary>
    internal readonly struct PendingRequest : IDisposable
    {
        private readonly Gauge.Child _gauge;

        public PendingRequest(Gauge.Child gauge)
        {
            _gauge = gauge;
            _gauge.Inc();
        }

        public void Dispose() => _gauge.Dec();
    }
}
