using Maas.Core;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Inspection;

/// <summary>Maps ONNX element types to the protocol datatypes clients send; the rest have no wire form in Maas.</summary>
internal static class ElementTypes
{
    // Indexed by the TensorProto.DataType value: the spelling users know from ONNX tools and the specification.
    private static readonly string[] OnnxNames =
    [
        "UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL", "FLOAT16",
        "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16", "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ",
        "FLOAT8E5M2", "FLOAT8E5M2FNUZ", "UINT4", "INT4", "FLOAT4E2M1", "FLOAT8E8M0", "UINT2", "INT2",
    ];

    /// <summary>The ONNX names of the element types <see cref="TryMap"/> accepts, for error messages.</summary>
    public const string Supported =
        "FLOAT, DOUBLE, FLOAT16, BFLOAT16, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, BOOL and STRING";

    public static bool TryMap(int elementType, out TensorDataType dataType)
    {
        TensorDataType? mapped = (DataType)elementType switch
        {
            DataType.Float => TensorDataType.FP32,
            DataType.Double => TensorDataType.FP64,
            DataType.Float16 => TensorDataType.FP16,
            DataType.Bfloat16 => TensorDataType.BF16,
            DataType.Int8 => TensorDataType.INT8,
            DataType.Int16 => TensorDataType.INT16,
            DataType.Int32 => TensorDataType.INT32,
            DataType.Int64 => TensorDataType.INT64,
            DataType.Uint8 => TensorDataType.UINT8,
            DataType.Uint16 => TensorDataType.UINT16,
            DataType.Uint32 => TensorDataType.UINT32,
            DataType.Uint64 => TensorDataType.UINT64,
            DataType.Bool => TensorDataType.BOOL,
            DataType.String => TensorDataType.BYTES,
            _ => null,
        };
        dataType = mapped.GetValueOrDefault();
        return mapped.HasValue;
    }

    /// <summary>The ONNX name of an element type, or its number when the type is unknown.</summary>
    public static string OnnxName(int elementType) =>
        elementType >= 0 && elementType < OnnxNames.Length ? OnnxNames[elementType] : $"{elementType} (not an ONNX type)";
}
