using System.Buffers;
using Maas.Core.Inference;
using Maas.Runtime;
using Maas.Server.Inference.Protocol;
using Maas.Server.Inference.Protocol.Rest;

namespace Maas.Server.Inference;

/// <summary>
/// The one inference path behind both protocols: run the resolved version on the model host, then apply the
/// classification extension. REST and gRPC differ only in how they decode the request and encode the answer.
/// </summary>
internal sealed class InferenceService(ModelHost host, InferenceLimits limits, ServingMetrics metrics)
{
    public InferenceLimits Limits => limits;

    /// <summary>Runs <paramref name="request"/> and returns its outputs in the order asked for (all outputs when none were named).</summary>
    public async Task<IReadOnlyList<InferTensor>> InferAsync(ResolvedModel model, InferenceRequestMessage request, CancellationToken cancellationToken)
    {
        var names = request.Outputs.Count == 0 ? null : request.Outputs.Select(o => o.Name).ToList();
        using var pending = metrics.TrackPending(model.Key);
        var result = await host.InferAsync(model.Key, request.Inputs, names, cancellationToken);
        if (request.Outputs.All(o => o.Classification is null))
        {
            return result.Outputs;
        }

        var outputs = new InferTensor[result.Outputs.Count];
        for (var i = 0; i < outputs.Length; i++)
        {
            var tensor = result.Outputs[i];
            var classification = request.Outputs.FirstOrDefault(o => o.Name == tensor.Name)?.Classification;
            outputs[i] = classification is int topN ? Classifier.Classify(tensor, topN, model.Labels) : tensor;
        }

        return outputs;
    }

    /// <summary>Decodes a REST request (JSON or binary extension), runs it and writes the response.</summary>
    public async Task HandleRestAsync(HttpContext context, ResolvedModel model, CancellationToken cancellationToken)
    {
        var (request, rented) = await RestInferenceReader.ReadPooledAsync(context.Request, limits, ArrayPool<byte>.Shared, cancellationToken);
        var outputs = await InferAsync(model, request, cancellationToken);
        await RestInferenceWriter.WriteAsync(
            context.Response,
            InferenceResponseMessage.For(request, model.Version.Model, model.VersionText, outputs),
            cancellationToken);

        // The inference has finished, so no execution reads the inputs any more. On any failure the array is left to
        // the garbage collector instead: a request that timed out may still be running.
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Loads a version ahead of traffic (the repository extension's load).</summary>
    public Task LoadAsync(ResolvedModel model, CancellationToken cancellationToken) =>
        host.LoadAsync(model.Key, cancellationToken);

    public ModelHost Host => host;
}
