namespace Maas.Server.Tests;

/// <summary>Adds <c>authorization: Bearer &lt;key&gt;</c> to every request, as a gRPC client's call credentials would.</summary>
internal sealed class KeyHandler(string? apiKey) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", "Bearer " + apiKey);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
