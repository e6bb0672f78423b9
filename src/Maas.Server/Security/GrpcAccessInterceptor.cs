using Grpc.Core;
using Grpc.Core.Interceptors;
using Maas.Core;
using Maas.Server.Hosting.Errors;

namespace Maas.Server.Security;

/// <summary>
/// The gRPC adapter of <see cref="AccessPolicy"/>, for the rules that need the message: <see cref="AccessMiddleware"/>
/// has already authenticated the call on its metadata and checked its role before the message was read. Here a model
/// named in the message must be in the key's scopes (otherwise NOT_FOUND, as for a missing model), and a mutation is
/// audited with the status it ended with. Refusals are thrown as <see cref="MaasException"/>s, which
/// <see cref="GrpcErrorInterceptor"/> maps like every other error.
/// </summary>
internal sealed class GrpcAccessInterceptor(AccessPolicy policy) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var http = context.GetHttpContext();
        if (http.Features.Get<MaasCaller>() is not { } caller)
        {
            // A method that needs no key.
            return await continuation(request, context);
        }

        var metadata = http.GetEndpoint()?.Metadata;
        var target = GrpcModelName.Of(request);
        if (metadata?.GetMetadata<ModelScopeAttribute>() is not null && target is not null && AccessPolicy.HidesModel(caller, target))
        {
            throw MaasErrors.InferenceModelNotFound(target);
        }

        if (metadata?.GetMetadata<AuditedAttribute>() is not { } audited)
        {
            return await continuation(request, context);
        }

        var remote = AccessPolicy.RemoteAddress(http);
        try
        {
            var response = await continuation(request, context);
            await policy.RecordAsync(caller, audited.Action, target, succeeded: true, remote, nameof(StatusCode.OK));
            return response;
        }
        catch (Exception exception)
        {
            var status = exception switch
            {
                RpcException rpc => rpc.StatusCode,
                MaasException maas => ErrorMapping.ToGrpcStatus(maas.Code),
                OperationCanceledException => StatusCode.Cancelled,
                _ => StatusCode.Internal,
            };
            await policy.RecordAsync(caller, audited.Action, target, succeeded: false, remote, status.ToString());
            throw;
        }
    }
}
