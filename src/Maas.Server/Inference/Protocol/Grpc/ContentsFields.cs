using Maas.Core;

namespace Maas.Server.Inference.Protocol.Grpc;

/// <summary>Which <see cref="InferTensorContents"/> field carries which datatype, and the check that no other is used.</summary>
internal static class ContentsFields
{
    private static readonly string[] Names =
        ["bool_contents", "int_contents", "int64_contents", "uint_contents", "uint64_contents", "fp32_contents", "fp64_contents", "bytes_contents"];

    /// <summary>The field for <paramref name="datatype"/>, or <c>null</c> for FP16 and BF16, which have none.</summary>
    public static string? ExpectedField(TensorDataType datatype) => datatype switch
    {
        TensorDataType.BOOL => "bool_contents",
        TensorDataType.INT8 or TensorDataType.INT16 or TensorDataType.INT32 => "int_contents",
        TensorDataType.INT64 => "int64_contents",
        TensorDataType.UINT8 or TensorDataType.UINT16 or TensorDataType.UINT32 => "uint_contents",
        TensorDataType.UINT64 => "uint64_contents",
        TensorDataType.FP32 => "fp32_contents",
        TensorDataType.FP64 => "fp64_contents",
        TensorDataType.BYTES => "bytes_contents",
        _ => null,
    };

    public static int Count(InferTensorContents contents, TensorDataType datatype) => CountOf(contents, ExpectedField(datatype));

    public static void ThrowIfOtherFieldSet(TensorDeclaration input, InferTensorContents contents, string? expected)
    {
        foreach (var name in Names)
        {
            if (name != expected && CountOf(contents, name) > 0)
            {
                throw MaasException.Invalid(expected is null
                    ? $"Input '{input.Name}' is {input.Datatype}, which can only travel in raw_input_contents, not {name}."
                    : $"Input '{input.Name}' of type {input.Datatype} sets {name}; its values belong in {expected}.");
            }
        }
    }

    private static int CountOf(InferTensorContents contents, string? field) => field switch
    {
        "bool_contents" => contents.BoolContents.Count,
        "int_contents" => contents.IntContents.Count,
        "int64_contents" => contents.Int64Contents.Count,
        "uint_contents" => contents.UintContents.Count,
        "uint64_contents" => contents.Uint64Contents.Count,
        "fp32_contents" => contents.Fp32Contents.Count,
        "fp64_contents" => contents.Fp64Contents.Count,
        "bytes_contents" => contents.BytesContents.Count,
        _ => 0,
    };
}
