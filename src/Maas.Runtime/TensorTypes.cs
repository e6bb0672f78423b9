using Maas.Core;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Maas.Runtime;

/// <summary>Maps protocol datatypes to ONNX Runtime element types and back.</summary>
internal static class TensorTypes
{
    public static TensorElementType ToElementType(TensorDataType datatype) => datatype switch
    {
        TensorDataType.BOOL => TensorElementType.Bool,
        TensorDataType.UINT8 => TensorElementType.UInt8,
        TensorDataType.UINT16 => TensorElementType.UInt16,
        TensorDataType.UINT32 => TensorElementType.UInt32,
        TensorDataType.UINT64 => TensorElementType.UInt64,
        TensorDataType.INT8 => TensorElementType.Int8,
        TensorDataType.INT16 => TensorElementType.Int16,
        TensorDataType.INT32 => TensorElementType.Int32,
        TensorDataType.INT64 => TensorElementType.Int64,
        TensorDataType.FP16 => TensorElementType.Float16,
        TensorDataType.FP32 => TensorElementType.Float,
        TensorDataType.FP64 => TensorElementType.Double,
        TensorDataType.BF16 => TensorElementType.BFloat16,
        TensorDataType.BYTES => TensorElementType.String,
        _ => throw new ArgumentOutOfRangeException(nameof(datatype), datatype, "Unknown datatype."),
    };

    /// <summary>The protocol datatype of an ONNX Runtime element type; <c>null</c> for types the protocol lacks.</summary>
    public static TensorDataType? ToDataType(TensorElementType elementType) => elementType switch
    {
        TensorElementType.Bool => TensorDataType.BOOL,
        TensorElementType.UInt8 => TensorDataType.UINT8,
        TensorElementType.UInt16 => TensorDataType.UINT16,
        TensorElementType.UInt32 => TensorDataType.UINT32,
        TensorElementType.UInt64 => TensorDataType.UINT64,
        TensorElementType.Int8 => TensorDataType.INT8,
        TensorElementType.Int16 => TensorDataType.INT16,
        TensorElementType.Int32 => TensorDataType.INT32,
        TensorElementType.Int64 => TensorDataType.INT64,
        TensorElementType.Float16 => TensorDataType.FP16,
        TensorElementType.Float => TensorDataType.FP32,
        TensorElementType.Double => TensorDataType.FP64,
        TensorElementType.BFloat16 => TensorDataType.BF16,
        TensorElementType.String => TensorDataType.BYTES,
        _ => null,
    };
}
