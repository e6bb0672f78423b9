using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NaiveAspNet;

// Peer baseline "naive ASP.NET Core" (docs BENCHMARKS.md): one InferenceSession, one Run per JSON request,
// System.Text.Json POCOs, default ONNX Runtime settings. Deliberately no batching, pooling or custom serialisation.
// Usage: naive-aspnet --model PATH [--urls http://127.0.0.1:PORT]
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var modelPath = builder.Configuration["model"] ?? throw new ArgumentException("--model PATH is required.");

using var session = new InferenceSession(modelPath);
var app = builder.Build();

app.MapPost("/v2/models/{name}/infer", (string name, InferRequest request) =>
{
    var inputs = new List<NamedOnnxValue>();
    foreach (var input in request.Inputs)
    {
        var shape = input.Shape.Select(d => (int)d).ToArray();
        inputs.Add(input.Datatype switch
        {
            "FP32" => NamedOnnxValue.CreateFromTensor(input.Name, new DenseTensor<float>(input.Data.Select(v => (float)v).ToArray(), shape)),
            "INT64" => NamedOnnxValue.CreateFromTensor(input.Name, new DenseTensor<long>(input.Data.Select(v => (long)v).ToArray(), shape)),
            _ => throw new BadHttpRequestException($"datatype {input.Datatype} is not supported"),
        });
    }

    using var results = session.Run(inputs);
    var outputs = results.Select(r =>
    {
        var tensor = r.AsTensor<float>();
        return new InferOutput(r.Name, tensor.Dimensions.ToArray().Select(d => (long)d).ToArray(), "FP32", tensor.ToArray());
    }).ToList();
    return Results.Ok(new InferResponse(name, "1", request.Id, outputs));
});

app.Run();
