using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Maas.Server.Inference.Protocol.Grpc;

namespace GrpcLoad;

/// <summary>
/// ModelInfer with the input in <c>raw_input_contents</c>, as tritonclient sends it. The request messages are built
/// once per model name and reused; callers are spread over <c>--channels</c> channels (one HTTP/2 connection each).
/// </summary>
internal sealed class GrpcTarget : ILoadTarget, IDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly GRPCInferenceService.GRPCInferenceServiceClient[] _clients;
    private readonly ModelInferRequest[] _requests;
    private readonly Metadata? _headers;
    private readonly TimeSpan _timeout;
    private readonly string _description;

    public GrpcTarget(LoadOptions options)
    {
        var target = options.Required("target");
        var models = options.Required("model").Split(',');
        var shape = options.Required("shape").Split(',').Select(long.Parse).ToArray();
        var raw = ByteString.CopyFrom(File.ReadAllBytes(options.Required("raw")));
        _requests = models.Select(model =>
        {
            var request = new ModelInferRequest { ModelName = model };
            var input = new ModelInferRequest.Types.InferInputTensor { Name = options.Required("input"), Datatype = options.Get("datatype", "FP32") };
            input.Shape.AddRange(shape);
            request.Inputs.Add(input);
            request.RawInputContents.Add(raw);
            return request;
        }).ToArray();
        _channels = Enumerable.Range(0, options.Int("channels", 1)).Select(_ => GrpcChannel.ForAddress(target, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = int.MaxValue,
            MaxSendMessageSize = int.MaxValue,
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
        })).ToArray();
        _clients = _channels.Select(c => new GRPCInferenceService.GRPCInferenceServiceClient(c)).ToArray();
        _headers = LoadOptions.ApiKey is { } key ? new Metadata { { "authorization", "Bearer " + key } } : null;
        _timeout = options.Timeout;
        _description = $"{target} ModelInfer {string.Join(',', models)} [{string.Join(',', shape)}] {raw.Length} B raw, {_channels.Length} channel(s)";
    }

    public async Task SendAsync(int caller, long sequence, CancellationToken cancellationToken)
    {
        var request = _requests[sequence % _requests.Length];
        var client = _clients[caller % _clients.Length];
        var response = await client.ModelInferAsync(request, _headers, DateTime.UtcNow + _timeout, cancellationToken);
        if (response.Outputs.Count == 0)
        {
            throw new InvalidOperationException("the response has no outputs");
        }
    }

    public string Describe() => _description;

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
