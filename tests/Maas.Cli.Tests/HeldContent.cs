using System.Net;

namespace Maas.Cli.Tests;

/// <summary>
/// A request body sent in two parts: the first as soon as the server asks for the body, the rest only when the test
/// calls <see cref="Release"/>. With <c>Expect: 100-continue</c>, <see cref="FirstPartSent"/> completing proves the
/// request has reached its handler and is reading the body: a request that is in flight, held there by the test.
/// </summary>
internal sealed class HeldContent(byte[] body) : HttpContent
{
    private readonly TaskCompletionSource _firstPartSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstPartSent => _firstPartSent.Task;

    public void Release() => _release.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var half = body.Length / 2;
        await stream.WriteAsync(body.AsMemory(0, half));
        await stream.FlushAsync();
        _firstPartSent.TrySetResult();
        await _release.Task;
        await stream.WriteAsync(body.AsMemory(half));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
