using Maas.Runtime;
using Maas.Server.Hosting;
using Maas.Server.Security;
using Maas.Server.Training;
using Maas.Training.Spec;

namespace Maas.Server.Hosting.Configuration;

/// <summary>
/// Every setting of <c>maas serve</c>, in one catalogue: one options class per subsystem, bound from its section of
/// the configuration (appsettings.json, <c>MAAS__…</c> environment variables, the flags). To add a setting: add the
/// property (with its default) to the subsystem's options class, its rule to that class's validator, and a line here;
/// the flag, <c>--print-config</c>, the start-up error and docs/configuration.md then follow (a test keeps the docs
/// in step).
/// </summary>
public static class MaasSettings
{
    /// <summary>The root of every key.</summary>
    public const string Root = "Maas";

    private static readonly Dictionary<Type, string> SectionsByType = [];

    /// <summary>Every setting, grouped by section in the order the docs list them.</summary>
    public static IReadOnlyList<MaasSetting> All { get; } = Build();

    /// <summary>The setting with this key (case-insensitive, as configuration keys are), or <c>null</c>.</summary>
    public static MaasSetting? Find(string key) =>
        All.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>The configuration section an options class is bound from.</summary>
    internal static string SectionOf<TOptions>() => SectionsByType[typeof(TOptions)];

    /// <summary>The setting behind property <paramref name="name"/> of <paramref name="optionsType"/>, or <c>null</c>.</summary>
    internal static MaasSetting? Find(Type optionsType, string name) =>
        All.FirstOrDefault(s => s.OptionsType == optionsType && s.Name == name);

    private static List<MaasSetting> Build()
    {
        var all = new List<MaasSetting>();

        var storage = new Section<StorageOptions>(all, "Maas:Storage");
        storage.Add(nameof(StorageOptions.DataDirectory), o => o.DataDirectory, SettingKind.Path, "--data-dir",
            "The folder for the registry database and model files, created if missing.", variable: "MAAS_DATA_DIR", valueName: "DIR");
        storage.Add(nameof(StorageOptions.MasterKey), o => o.MasterKey, SettingKind.Secret, null,
            "The master key that wraps every blob's data key: base64 of 32 random bytes. Unset, master.key in the data folder is used (generated at first start). Never a flag: a command line is visible to every user of the machine.",
            variable: "MAAS_MASTER_KEY");

        var hosting = new Section<HostingOptions>(all, "Maas:Hosting");
        hosting.Add(nameof(HostingOptions.HttpAddress), o => o.HttpAddress, SettingKind.Address, "--http",
            "The HTTP address for the REST and management API, host:port; port 0 picks a free port.");
        hosting.Add(nameof(HostingOptions.GrpcAddress), o => o.GrpcAddress, SettingKind.Address, "--grpc",
            "The gRPC (HTTP/2) address, host:port, or none to disable gRPC.", valueName: "HOST:PORT|none");
        hosting.Add(nameof(HostingOptions.AllowedHosts), o => o.AllowedHosts, SettingKind.Text, "--allowed-hosts",
            "Host names (besides localhost and IP addresses) that requests may name in Host or :authority, comma-separated; *.example.com for subdomains, * for any. Others get 400: the guard against DNS rebinding.",
            valueName: "NAMES|*");
        hosting.Add(nameof(HostingOptions.RestOnGrpcPort), o => o.RestOnGrpcPort, SettingKind.Boolean, "--rest-on-grpc-port",
            "Serve the REST and management APIs on the gRPC address too; off, it answers gRPC only and REST requests get 404.");
        hosting.Add(nameof(HostingOptions.CertificatePath), o => o.CertificatePath, SettingKind.Path, "--tls-cert",
            "A TLS certificate: a .pfx/.p12 file, or a PEM file with the certificate and its chain. Set, both addresses speak TLS only (HTTPS, gRPC over TLS).",
            valueName: "FILE");
        hosting.Add(nameof(HostingOptions.CertificateKeyPath), o => o.CertificateKeyPath, SettingKind.Path, "--tls-key",
            "The PEM private key of --tls-cert, unless that file holds it.", valueName: "FILE");
        hosting.Add(nameof(HostingOptions.CertificatePassword), o => o.CertificatePassword, SettingKind.Secret, null,
            "The password of a .pfx file or of an encrypted PEM key. Never a flag: a command line is visible to every user of the machine.",
            variable: "MAAS_TLS_PASSWORD");
        hosting.Add(nameof(HostingOptions.ShutdownTimeout), o => o.ShutdownTimeout, SettingKind.Duration, "--shutdown-timeout",
            "How long a stop (SIGTERM, Ctrl+C) waits for requests in flight before it cuts them off.");

        var limits = new Section<LimitsOptions>(all, "Maas:Limits");
        limits.Add(nameof(LimitsOptions.MaxModelBytes), o => o.MaxModelBytes, SettingKind.Bytes, "--max-model-bytes",
            "The largest model file (or dataset) accepted, in bytes.");
        limits.Add(nameof(LimitsOptions.MaxGraphNodes), o => o.MaxGraphNodes, SettingKind.WholeNumber, "--max-graph-nodes",
            "The most nodes an uploaded model may have, subgraph and function bodies included; counted before the model is parsed.");
        limits.Add(nameof(LimitsOptions.MaxGraphDepth), o => o.MaxGraphDepth, SettingKind.WholeNumber, "--max-graph-depth",
            "The longest chain of nodes, each consuming the one before, an uploaded model may have in any graph.");
        limits.Add(nameof(LimitsOptions.MaxInferenceBodyBytes), o => o.MaxInferenceBodyBytes, SettingKind.Bytes, "--max-inference-bytes",
            "The largest inference request body, REST and gRPC alike, in bytes.");
        limits.Add(nameof(LimitsOptions.MaxManagementBodyBytes), o => o.MaxManagementBodyBytes, SettingKind.Bytes, "--max-management-bytes",
            "The largest body of any other request (management JSON, repository calls), in bytes.");
        limits.Add(nameof(LimitsOptions.MaxTensorElements), o => o.MaxTensorElements, SettingKind.WholeNumber, "--max-tensor-elements",
            "The most elements one tensor may hold, in a request or a model's declared shapes.");
        limits.Add(nameof(LimitsOptions.MaxTensorRank), o => o.MaxTensorRank, SettingKind.WholeNumber, "--max-tensor-rank",
            "The most dimensions an inference input may have.");
        limits.Add(nameof(LimitsOptions.MaxJsonDepth), o => o.MaxJsonDepth, SettingKind.WholeNumber, "--max-json-depth",
            "The deepest nesting of JSON objects and arrays in a request body.");
        limits.Add(nameof(LimitsOptions.MaxRequestHeaderBytes), o => o.MaxRequestHeaderBytes, SettingKind.Bytes, "--max-header-bytes",
            "The largest total size of a request's headers, in bytes.");
        limits.Add(nameof(LimitsOptions.MinDataRateBytesPerSecond), o => o.MinDataRateBytesPerSecond, SettingKind.Number, "--min-data-rate",
            "The slowest a client may send a body or read an answer, in bytes per second, after the grace period; 0 turns the check off.");
        limits.Add(nameof(LimitsOptions.MinDataRateGracePeriod), o => o.MinDataRateGracePeriod, SettingKind.Duration, "--min-data-rate-grace",
            "How long a transfer may run below --min-data-rate before the connection is closed.");
        limits.Add(nameof(LimitsOptions.MaxConnections), o => o.MaxConnections, SettingKind.WholeNumber, "--max-connections",
            "The most connections the server holds at once, both listeners together; past it a new connection is closed unanswered.");
        limits.Add(nameof(LimitsOptions.MaxStreamsPerConnection), o => o.MaxStreamsPerConnection, SettingKind.WholeNumber, "--max-streams-per-connection",
            "The most HTTP/2 streams (requests, gRPC calls) one connection may have open at once.");
        limits.Add(nameof(LimitsOptions.Http2ConnectionWindowBytes), o => o.Http2ConnectionWindowBytes, SettingKind.Bytes, "--http2-connection-window",
            "The HTTP/2 flow-control window of a connection: request-body bytes in flight, all its streams together, in bytes; 65535 to 2 GiB.");
        limits.Add(nameof(LimitsOptions.Http2StreamWindowBytes), o => o.Http2StreamWindowBytes, SettingKind.Bytes, "--http2-stream-window",
            "The HTTP/2 flow-control window of one stream, in bytes; 65535 up to --http2-connection-window.");
        limits.Add(nameof(LimitsOptions.RequestTimeout), o => o.RequestTimeout, SettingKind.DurationOrInfinite, "--request-timeout",
            "The longest one inference request may take; then REST answers 504 and gRPC DEADLINE_EXCEEDED. 'infinite' turns it off.");

        var serving = new Section<ModelHostOptions>(all, "Maas:Serving");
        serving.Add(nameof(ModelHostOptions.MemoryBudgetBytes), o => o.MemoryBudgetBytes, SettingKind.Bytes, "--memory-budget",
            "The memory all loaded model versions may use together, in bytes: estimated (4 KiB per node included), raised to what a load was measured to grow the process by; idle versions are evicted, least recently used first.");
        serving.Add(nameof(ModelHostOptions.IntraOpThreads), o => o.IntraOpThreads, SettingKind.WholeNumber, "--intra-op-threads",
            "ONNX Runtime threads per execution unless a model's config sets its own; 0 uses every core.");
        serving.Add(nameof(ModelHostOptions.AllowSpinning), o => o.AllowSpinning, SettingKind.Boolean, "--ort-spinning",
            "Let ONNX Runtime's threads spin between runs: can help a machine dedicated to one compute-bound model; off, the cores stay free for request handling.");
        serving.Add(nameof(ModelHostOptions.GraphOptimizationLevel), o => o.GraphOptimizationLevel, SettingKind.Choice, "--graph-optimization",
            "ONNX Runtime graph optimisation level.", choices: ModelHostOptions.OptimizationLevels, valueName: "LEVEL");
        serving.Add(nameof(ModelHostOptions.Warmup), o => o.Warmup, SettingKind.Boolean, null,
            "Whether a version runs one zero-filled inference before it reports ready.");
        serving.Add(nameof(ModelHostOptions.FailedLoadRetryDelay), o => o.FailedLoadRetryDelay, SettingKind.Duration, null,
            "How long a failed load is remembered before a request may try again; an explicit load always retries.");
        serving.Add(nameof(ModelHostOptions.MemoryWaitTimeout), o => o.MemoryWaitTimeout, SettingKind.Duration, null,
            "How long a load waits for loaded versions to become idle when the memory budget is full of versions in use; then it fails as unavailable.");

        var security = new Section<SecurityOptions>(all, "Maas:Security");
        security.Add(nameof(SecurityOptions.AdminKey), o => o.AdminKey, SettingKind.Secret, null,
            "An admin API key (maas_<id>_<secret>) that exists at every start; unset, a server without keys generates one and prints it once. Never a flag: a command line is visible to every user of the machine.",
            variable: "MAAS_ADMIN_KEY");
        security.Add(nameof(SecurityOptions.RequestsPerSecondPerKey), o => o.RequestsPerSecondPerKey, SettingKind.Number, "--rate-limit",
            "Requests per second each API key may make on average; over it, 429 with Retry-After. 0 turns the limit off.");
        security.Add(nameof(SecurityOptions.RequestBurstPerKey), o => o.RequestBurstPerKey, SettingKind.WholeNumber, "--rate-burst",
            "How many requests a key may make at once before --rate-limit applies.");
        security.Add(nameof(SecurityOptions.FailedAuthenticationsPerSecondPerAddress), o => o.FailedAuthenticationsPerSecondPerAddress, SettingKind.Number, "--auth-failure-rate",
            "Failed authentications per second each remote address may make on average; an address over it gets 429 with Retry-After for every request that needs a key, before the key is looked up. 0 turns the limit off.");
        security.Add(nameof(SecurityOptions.FailedAuthenticationBurstPerAddress), o => o.FailedAuthenticationBurstPerAddress, SettingKind.WholeNumber, "--auth-failure-burst",
            "How many failed authentications an address may make at once before --auth-failure-rate applies.");
        security.Add(nameof(SecurityOptions.AuthenticationFailureAuditInterval), o => o.AuthenticationFailureAuditInterval, SettingKind.Duration, "--auth-failure-audit-interval",
            "How long failed authentications are counted before they are written: one audit line per remote address and reason per interval, with the count and the first and last time.");
        security.Add(nameof(SecurityOptions.MinAuditRetention), o => o.MinAuditRetention, SettingKind.Duration, "--min-audit-retention",
            "How long audit entries are kept at least: an admin's prune (maas admin audit prune) may only drop whole months older than this.");

        var training = new Section<TrainingLimits>(all, "Maas:Training");
        training.Add(nameof(TrainingLimits.MaxConcurrentJobs), o => o.MaxConcurrentJobs, SettingKind.WholeNumber, "--max-training-jobs",
            "Training jobs that run at once; more wait queued.");
        training.Add(nameof(TrainingLimits.MaxDatasetRows), o => o.MaxDatasetRows, SettingKind.WholeNumber, "--max-dataset-rows",
            "The most data rows a pushed dataset may have.");
        training.Add(nameof(TrainingLimits.MaxDatasetColumns), o => o.MaxDatasetColumns, SettingKind.WholeNumber, "--max-dataset-columns",
            "The most columns a pushed dataset may have.");
        training.Add(nameof(TrainingLimits.MaxParameters), o => o.MaxParameters, SettingKind.WholeNumber, "--max-training-parameters",
            "The most trainable parameters a model in a training job may have.");
        training.Add(nameof(TrainingLimits.MaxEpochs), o => o.MaxEpochs, SettingKind.WholeNumber, "--max-training-epochs",
            "The most epochs (or boosting rounds) a training spec may ask for.");
        training.Add(nameof(TrainingLimits.MaxJobDuration), o => o.MaxJobDuration, SettingKind.Duration, "--max-job-duration",
            "The longest a training job may run, restarts included; past it the job fails.");
        training.Add(nameof(TrainingLimits.MaxJobMemoryBytes), o => o.MaxJobMemoryBytes, SettingKind.Bytes, "--max-job-memory",
            "The memory one training job may use (dataset, parameters, optimiser state, activations), in bytes; a job estimated over it is refused, and its worker process runs under it.");
        training.Add(nameof(TrainingLimits.MaxActiveJobsPerKey), o => o.MaxActiveJobsPerKey, SettingKind.WholeNumber, "--max-jobs-per-key",
            "The most training jobs one API key may have queued or running; more are refused (429) until one ends.");
        training.Add(nameof(TrainingLimits.MaxDatasetsPerKey), o => o.MaxDatasetsPerKey, SettingKind.WholeNumber, "--max-datasets-per-key",
            "The most datasets one API key may see (within its scopes, or all for an unscoped key); pushing a new one past it is refused (409).");
        training.Add(nameof(TrainingLimits.MaxDatasetVersions), o => o.MaxDatasetVersions, SettingKind.WholeNumber, "--max-dataset-versions",
            "The most versions one dataset may keep; pushing another is refused (409) until old ones are deleted.");
        training.Add(nameof(TrainingLimits.TrainingThreads), o => o.TrainingThreads, SettingKind.WholeNumber, null,
            "ONNX Runtime threads per training session; small networks train fastest on one (bench/RESULTS.md, Training).");

        var isolation = new Section<TrainingIsolationOptions>(all, "Maas:Training");
        isolation.Add(nameof(TrainingIsolationOptions.Isolation), o => o.Isolation, SettingKind.Choice, "--training-isolation",
            "Where a training job runs: process (a maas worker child process at lower priority, its heap capped at --max-job-memory, killed alone if it runs away), in-process (a thread of the server), or auto (process when the server is the maas executable).",
            choices: TrainingIsolationOptions.Modes, valueName: "MODE");
        return all;
    }

    /// <summary>Adds the settings of one options class, all under one section.</summary>
    private sealed class Section<TOptions>
        where TOptions : class, new()
    {
        private readonly List<MaasSetting> _all;
        private readonly string _section;

        public Section(List<MaasSetting> all, string section)
        {
            _all = all;
            _section = section;
            SectionsByType.Add(typeof(TOptions), section);
        }

        public void Add(
            string name,
            Func<TOptions, object?> read,
            SettingKind kind,
            string? flag,
            string description,
            string? variable = null,
            IReadOnlyList<string>? choices = null,
            string? valueName = null) =>
            _all.Add(new MaasSetting(typeof(TOptions), _section, name, kind, description, flag, variable, choices, valueName, o => read((TOptions)o)));
    }
}
