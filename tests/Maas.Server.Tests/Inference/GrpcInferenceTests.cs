using System.Buffers.Binary;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Maas.Server.Inference.Protocol.Grpc;

namespace Maas.Server.Tests.Inference;

/// <summary>A small gRPC client built from the project's own proto, as a Triton gRPC client would call.</summary>
public sealed class GrpcInferenceTests(ServingFixture server) : IClassFixture<ServingFixture>, IDisposable
{
    private readonly GrpcChannel _channel = server.CreateGrpcChannel();

    public static TheoryData<string> Models => new(ServingFixture.Models);

    private GRPCInferenceService.GRPCInferenceServiceClient Client => new(_channel);

    [Theory]
    [MemberData(nameof(Models))]
    public async Task ModelInfer_RawContents_ReproducesReferenceOutputs(string fixture)
    {
        var reference = ReferenceCase.Load(fixture);
        var request = new ModelInferRequest { ModelName = ServingFixture.NameOf(fixture), Id = "g-" + fixture };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = reference.InputName, Datatype = reference.Datatype, Shape = { reference.InputShape } });
        request.RawInputContents.Add(ByteString.CopyFrom(reference.InputBytes()));

        var response = await Client.ModelInferAsync(request);

        Assert.Equal("g-" + fixture, response.Id);
        Assert.Equal("1", response.ModelVersion);
        Assert.Equal(reference.Outputs.Count, response.Outputs.Count);
        for (var i = 0; i < response.Outputs.Count; i++)
        {
            Assert.Equal("FP32", response.Outputs[i].Datatype);
            Assert.Equal(reference.Outputs[i].Shape, response.Outputs[i].Shape);
            var raw = response.RawOutputContents[i].Span;
            var values = new double[raw.Length / 4];
            for (var j = 0; j < values.Length; j++)
            {
                values[j] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(j * 4, 4));
            }

            reference.AssertOutput(i, values);
        }
    }

    [Fact]
    public async Task ModelInfer_TypedContents_GiveTheSameAnswer()
    {
        var reference = ReferenceCase.Load("diabetes_linear");
        var request = new ModelInferRequest { ModelName = "diabetes-linear" };
        var contents = new InferTensorContents();
        contents.Fp32Contents.AddRange(reference.InputData.EnumerateArray().Select(v => v.GetSingle()));
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = reference.InputName, Datatype = "FP32", Shape = { reference.InputShape }, Contents = contents });

        var response = await Client.ModelInferAsync(request);

        var raw = response.RawOutputContents[0].ToByteArray();
        reference.AssertOutput(0, Enumerable.Range(0, raw.Length / 4).Select(j => (double)BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(j * 4, 4))).ToList());
    }

    [Fact]
    public async Task ModelInfer_UnknownModel_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.ModelInferAsync(new ModelInferRequest { ModelName = "no-such-model" }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("no-such-model", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelInfer_WrongShape_IsInvalidArgumentNamingTheInput()
    {
        var request = new ModelInferRequest { ModelName = "breast-cancer-mlp" };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "features", Datatype = "FP32", Shape = { 1, 31 } });
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[31 * 4]));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.ModelInferAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("features", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthAndMetadata_AnswerLikeTriton()
    {
        Assert.True((await Client.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await Client.ServerReadyAsync(new ServerReadyRequest())).Ready);
        var metadata = await Client.ServerMetadataAsync(new ServerMetadataRequest());
        Assert.Contains("model_repository", metadata.Extensions);
        var model = await Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "text-encoder" });
        Assert.Equal("INT64", model.Inputs[0].Datatype);
        Assert.Equal([-1L, -1L], model.Inputs[0].Shape);
        var health = await new Health.HealthClient(_channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    public void Dispose() => _channel.Dispose();
}
