using System.Net;
using System.Security.Cryptography;
using System.Text;
using Maas.Client;
using Maas.Core.Registry;

namespace Maas.Cli.Tests;

/// <summary>The client's HTTP behaviour, against a stub handler: headers, paths, errors, streaming and verification.</summary>
public sealed class MaasClientTests
{
    private static readonly Uri Server = new("http://127.0.0.1:8000");

    [Fact]
    public async Task Requests_WithApiKey_SendBearerToken()
    {
        using var handler = new StubHandler(_ => Json("""{"models":[],"nextPageToken":null}"""));
        using var client = new MaasClient(Server, "s3cret", handler);

        await client.ListModelsAsync(pageSize: 5, pageToken: "a b");

        var request = Assert.Single(handler.Requests);
        Assert.Equal("Bearer", request.Headers.Authorization?.Scheme);
        Assert.Equal("s3cret", request.Headers.Authorization?.Parameter);
        Assert.Equal("/api/v1/models?pageSize=5&pageToken=a%20b", request.RequestUri!.PathAndQuery);
    }

    [Fact]
    public async Task Paths_WithReservedCharacters_AreEscaped()
    {
        using var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        using var client = new MaasClient(new Uri("http://127.0.0.1:8000/prefix"), handler: handler);

        await client.DeleteAliasAsync("a/b", "c?d");

        Assert.Equal("/prefix/api/v1/models/a%2Fb/aliases/c%3Fd", Assert.Single(handler.Requests).RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Errors_ProblemJson_BecomeMaasApiException()
    {
        const string Problem = """{"title":"Conflict","status":409,"detail":"Version 1 is the target of alias 'production'.","code":"Conflict"}""";
        using var handler = new StubHandler(_ => Json(Problem, HttpStatusCode.Conflict, "application/problem+json"));
        using var client = new MaasClient(Server, handler: handler);

        var error = await Assert.ThrowsAsync<MaasApiException>(() => client.DeleteVersionAsync("fraud", 1));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal("Conflict", error.Code);
        Assert.Equal("Version 1 is the target of alias 'production'.", error.Detail);
        Assert.Equal(error.Detail, error.Message);
        Assert.Equal(Problem, error.ProblemJson);
    }

    [Fact]
    public async Task Errors_PlainText_UseTheBodyAsDetail()
    {
        using var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("upstream down") });
        using var client = new MaasClient(Server, handler: handler);

        var error = await Assert.ThrowsAsync<MaasApiException>(() => client.GetModelAsync("fraud"));

        Assert.Equal(502, error.StatusCode);
        Assert.Null(error.Code);
        Assert.Equal("upstream down", error.Detail);
    }

    [Fact]
    public async Task Errors_ConnectionRefused_SayTheServerCannotBeReached()
    {
        using var handler = new StubHandler(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));
        using var client = new MaasClient(Server, handler: handler);

        var error = await Assert.ThrowsAsync<MaasApiException>(() => client.GetModelAsync("fraud"));

        Assert.Equal(0, error.StatusCode);
        Assert.True(error.IsConnectionFailure);
        Assert.Equal("Cannot reach the Maas server at http://127.0.0.1:8000: is `maas serve` running?", error.Detail);
    }

    [Fact]
    public async Task PushVersion_SeekableStream_StreamsWithLengthAndReportsProgress()
    {
        var content = RandomNumberGenerator.GetBytes(2 * 1024 * 1024 + 17);
        using var handler = new StubHandler(_ => Json(VersionJson(1), HttpStatusCode.Created));
        using var client = new MaasClient(Server, handler: handler);
        var reports = new List<long>();

        var version = await client.PushVersionAsync("fraud", new MemoryStream(content), new SynchronousProgress(reports.Add));

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/api/v1/models/fraud/versions", request.RequestUri!.AbsolutePath);
        Assert.Equal("application/octet-stream", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal(content.Length, request.Content.Headers.ContentLength);
        Assert.Equal(content, handler.Bodies[0]);
        Assert.Equal([1024 * 1024, 2 * 1024 * 1024, content.Length], reports);
        Assert.Equal(1, version.Version);
        Assert.Equal("features", version.Signature.Inputs[0].Name);
    }

    [Fact]
    public async Task Download_ContentMatchingETag_IsWritten()
    {
        var content = Encoding.ASCII.GetBytes("onnx bytes");
        using var handler = new StubHandler(_ => Artifact(content, "\"sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)) + "\""));
        using var client = new MaasClient(Server, handler: handler);
        using var destination = new MemoryStream();

        await client.DownloadAsync("fraud", 2, destination);

        Assert.Equal(content, destination.ToArray());
        Assert.Equal("/api/v1/models/fraud/versions/2/artifact", Assert.Single(handler.Requests).RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Download_ContentNotMatchingETag_Throws()
    {
        using var handler = new StubHandler(_ => Artifact("tampered"u8.ToArray(), "sha256:" + new string('0', 64)));
        using var client = new MaasClient(Server, handler: handler);

        await Assert.ThrowsAsync<InvalidDataException>(() => client.DownloadAsync("fraud", 2, new MemoryStream()));
    }

    [Fact]
    public async Task UpdateModel_NullProperties_AreLeftOutOfTheBody()
    {
        using var handler = new StubHandler(_ => Json(ModelJson));
        using var client = new MaasClient(Server, handler: handler);

        await client.UpdateModelAsync("fraud", new UpdateModelRequest(Labels: []));

        Assert.Equal(HttpMethod.Patch, handler.Requests[0].Method);
        Assert.Equal("""{"labels":[]}""", Encoding.UTF8.GetString(handler.Bodies[0]));
    }

    private const string ModelJson = """
        {"name":"fraud","description":"","tags":{},"labels":null,"created":"2026-11-23T16:00:00+00:00",
         "updated":"2026-11-23T16:00:00+00:00","latestVersion":null,"versionCount":0,"aliases":{}}
        """;

    private static string VersionJson(int version) => $$"""
        {"model":"fraud","version":{{version}},"digest":"sha256:00","size":3,"created":"2026-11-23T16:01:00+00:00",
         "signature":{"inputs":[{"name":"features","datatype":"FP32","shape":[-1,30]}],"outputs":[]},"aliases":[]}
        """;

    private static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    private static HttpResponseMessage Artifact(byte[] content, string etag)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(content) };
        response.Headers.TryAddWithoutValidation("ETag", etag);
        return response;
    }

    // Progress<T> posts to the thread pool, so its reports could arrive after the call returns or out of order.
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
