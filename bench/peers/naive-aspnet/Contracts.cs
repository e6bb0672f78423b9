using System.Text.Json.Serialization;

namespace NaiveAspNet;

/// <summary>The Open Inference Protocol request, as a hand-written POCO.</summary>
internal sealed record InferRequest(string? Id, List<InferInput> Inputs);

/// <summary>One input tensor; numbers only (FP32 and INT64 are what the bench models take).</summary>
internal sealed record InferInput(string Name, long[] Shape, string Datatype, double[] Data);

/// <summary>One output tensor.</summary>
internal sealed record InferOutput(string Name, long[] Shape, string Datatype, float[] Data);

/// <summary>The Open Inference Protocol response.</summary>
internal sealed record InferResponse(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    List<InferOutput> Outputs);
