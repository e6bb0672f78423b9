using System.Text.Json.Serialization;

namespace Maas.Core;

/// <summary>
/// Tensor element types, named as the Open Inference Protocol (KServe v2) names them on the wire.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<TensorDataType>))]
#pragma warning disable CA1707, CA1720 // Member names are the protocol's spellings.
public enum TensorDataType
{
    BOOL,
    UINT8,
    UINT16,
    UINT32,
    UINT64,
    INT8,
    INT16,
    INT32,
    INT64,
    FP16,
    FP32,
    FP64,
    BF16,
    BYTES,
}
#pragma warning restore CA1707, CA1720
