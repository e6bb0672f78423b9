using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Maas.Server.Tests.Inference;

public sealed class RestInferenceTests(ServingFixture server) : IClassFixture<ServingFixture>
{
    public static TheoryData<string> Models => new(ServingFixture.Models);

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Infer_Json_ReproducesReferenceOutputs(string fixture)
    {
        var reference = ReferenceCase.Load(fixture);
        var request = new
        {
            id = "req-" + fixture,
            inputs = new[] { new { name = reference.InputName, shape = reference.InputShape, datatype = reference.Datatype, data = reference.InputData } },
        };

        using var response = await server.Http.PostAsJsonAsync($"/v2/models/{ServingFixture.NameOf(fixture)}/infer", request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("req-" + fixture, json.RootElement.GetProperty("id").GetString());
        Assert.Equal(ServingFixture.NameOf(fixture), json.RootElement.GetProperty("model_name").GetString());
        Assert.Equal("1", json.RootElement.GetProperty("model_version").GetString());
        var outputs = json.RootElement.GetProperty("outputs").EnumerateArray().ToList();
        Assert.Equal(reference.Outputs.Count, outputs.Count);
        for (var i = 0; i < outputs.Count; i++)
        {
            Assert.Equal(reference.Outputs[i].Shape, outputs[i].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
            reference.AssertOutput(i, outputs[i].GetProperty("data").EnumerateArray().Select(d => d.GetDouble()).ToList());
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Infer_BinaryExtension_ReproducesReferenceOutputs(string fixture)
    {
        var reference = ReferenceCase.Load(fixture);
        var raw = reference.InputBytes();
        var header = JsonSerializer.SerializeToUtf8Bytes(new
        {
            inputs = new[] { new { name = reference.InputName, shape = reference.InputShape, datatype = reference.Datatype, parameters = new { binary_data_size = raw.Length } } },
            parameters = new { binary_data_output = true },
        });
        using var content = new ByteArrayContent([.. header, .. raw]);
        content.Headers.ContentType = null; // the Triton client sends none
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var response = await server.Http.PostAsync($"/v2/models/{ServingFixture.NameOf(fixture)}/infer", content);

        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(bytes));
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var jsonLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), System.Globalization.CultureInfo.InvariantCulture);
        using var json = JsonDocument.Parse(bytes.AsMemory(0, jsonLength));
        var offset = jsonLength;
        var index = 0;
        foreach (var output in json.RootElement.GetProperty("outputs").EnumerateArray())
        {
            var size = output.GetProperty("parameters").GetProperty("binary_data_size").GetInt32();
            var values = new double[size / 4];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset + (i * 4), 4));
            }

            reference.AssertOutput(index++, values);
            offset += size;
        }

        Assert.Equal(bytes.Length, offset);
    }

    [Fact]
    public async Task Infer_ByAliasAndDefault_UsesProductionThenNewest()
    {
        var name = await server.CreateAddModelAsync();
        (await server.UploadAsync(name, Onnx.Tests.TestModels.ToStream(Onnx.Tests.TestModels.Add()))).EnsureSuccessStatusCode(); // identical content, version 2

        Assert.Equal("2", await VersionAnsweringAsync($"/v2/models/{name}/infer"));
        (await server.Http.PutAsJsonAsync($"/api/v1/models/{name}/aliases/production", new { version = 1 })).EnsureSuccessStatusCode();
        Assert.Equal("1", await VersionAnsweringAsync($"/v2/models/{name}/infer"));
        (await server.Http.PutAsJsonAsync($"/api/v1/models/{name}/aliases/production", new { version = 2 })).EnsureSuccessStatusCode();
        Assert.Equal("2", await VersionAnsweringAsync($"/v2/models/{name}/infer"));
        Assert.Equal("2", await VersionAnsweringAsync($"/v2/models/{name}/versions/production/infer"));
        Assert.Equal("1", await VersionAnsweringAsync($"/v2/models/{name}/versions/1/infer"));
    }

    [Fact]
    public async Task Infer_Classification_ReturnsTopClassesWithLabels()
    {
        var name = await server.CreateModelAsync("clf");
        (await server.Http.PatchAsJsonAsync($"/api/v1/models/{name}", new { labels = Enumerable.Range(0, 10).Select(i => "digit-" + i) })).EnsureSuccessStatusCode();
        (await server.UploadAsync(name, TestFixtures.Model("digits_cnn"))).EnsureSuccessStatusCode();
        var reference = ReferenceCase.Load("digits_cnn");
        var firstImage = reference.InputData.EnumerateArray().Take(64).Select(v => v.GetSingle()).ToArray();
        var expectedTop = reference.Outputs[0].Data.Take(10).Select((v, i) => (v, i)).MaxBy(p => p.v).i;

        using var response = await server.Http.PostAsJsonAsync($"/v2/models/{name}/infer", new
        {
            inputs = new[] { new { name = "image", shape = new[] { 1, 1, 8, 8 }, datatype = "FP32", data = firstImage } },
            outputs = new[] { new { name = "probabilities", parameters = new { classification = 3 } } },
        });

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        var output = json.RootElement.GetProperty("outputs")[0];
        Assert.Equal("BYTES", output.GetProperty("datatype").GetString());
        Assert.Equal([1L, 3L], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        var top = output.GetProperty("data")[0].GetString()!.Split(':');
        Assert.Equal(expectedTop.ToString(System.Globalization.CultureInfo.InvariantCulture), top[1]);
        Assert.Equal("digit-" + expectedTop, top[2]);
    }

    [Fact]
    public async Task Metadata_ServerAndModel_DescribeTheProtocolSurface()
    {
        using var server2 = JsonDocument.Parse(await server.Http.GetStringAsync("/v2"));
        Assert.Equal("maas", server2.RootElement.GetProperty("name").GetString());
        var extensions = server2.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("binary_tensor_data", extensions);
        Assert.Contains("model_repository", extensions);
        Assert.Contains("statistics", extensions);
        Assert.Contains("classification", extensions);

        using var model = JsonDocument.Parse(await server.Http.GetStringAsync("/v2/models/breast-cancer-mlp"));
        Assert.Equal("onnxruntime_onnx", model.RootElement.GetProperty("platform").GetString());
        var input = model.RootElement.GetProperty("inputs")[0];
        Assert.Equal("features", input.GetProperty("name").GetString());
        Assert.Equal([-1L, 30L], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));

        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/v2/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/v2/health/ready")).StatusCode);
    }

    private async Task<string> VersionAnsweringAsync(string url)
    {
        using var response = await server.Http.PostAsJsonAsync(url, new
        {
            inputs = new[]
            {
                new { name = "a", shape = new[] { 1, 3 }, datatype = "FP32", data = new[] { 1f, 2f, 3f } },
                new { name = "b", shape = new[] { 1, 3 }, datatype = "FP32", data = new[] { 10f, 20f, 30f } },
            },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal([11.0, 22.0, 33.0], json.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(d => d.GetDouble()));
        return json.RootElement.GetProperty("model_version").GetString()!;
    }

    [Fact]
    public async Task Infer_LargeBinaryBodies_Concurrently_EachGetsItsOwnAnswer()
    {
        // Bodies from 64 KiB up are read into pooled arrays that binary inputs slice: a buffer returned too early, or
        // handed to two requests, would show here as one request's rows in another's answer.
        var name = await server.CreateAddModelAsync();
        const int Rows = 3000; // 2 inputs x 3000 rows x 3 floats = 72,000 bytes of tensors
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Parallel.ForAsync(0, 24, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, cancellationToken) =>
        {
            var a = new float[Rows * 3];
            var b = new float[Rows * 3];
            for (var i = 0; i < a.Length; i++)
            {
                a[i] = (n * 100_000) + i;
                b[i] = -n;
            }

            var raw = new byte[(a.Length + b.Length) * 4];
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()).CopyTo(raw);
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(b.AsSpan()).CopyTo(raw.AsSpan(a.Length * 4));
            var header = JsonSerializer.SerializeToUtf8Bytes(new
            {
                inputs = new[]
                {
                    new { name = "a", shape = new[] { Rows, 3 }, datatype = "FP32", parameters = new { binary_data_size = a.Length * 4 } },
                    new { name = "b", shape = new[] { Rows, 3 }, datatype = "FP32", parameters = new { binary_data_size = b.Length * 4 } },
                },
                parameters = new { binary_data_output = true },
            });
            using var content = new ByteArrayContent([.. header, .. raw]);
            content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

            using var response = await server.Http.PostAsync($"/v2/models/{name}/infer", content, cancellationToken);

            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"request {n}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
                return;
            }

            var jsonLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), System.Globalization.CultureInfo.InvariantCulture);
            var sums = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan(jsonLength)).ToArray();
            var wrong = sums.Length != a.Length ? -2 : Enumerable.Range(0, a.Length).FirstOrDefault(i => sums[i] != a[i] + b[i], -1);
            if (wrong != -1)
            {
                failures.Add($"request {n}: {sums.Length} sums, first wrong at {wrong}");
            }
        });

        Assert.Empty(failures);
    }
}
