using System.Collections.Frozen;

namespace Maas.Core;

/// <summary>Facts about <see cref="TensorDataType"/> values.</summary>
public static class TensorDataTypeExtensions
{
    /// <summary>Bytes per element in the raw (binary) layout; 0 for <see cref="TensorDataType.BYTES"/>, whose elements vary.</summary>
    public static int ElementSize(this TensorDataType datatype) => datatype switch
    {
        TensorDataType.BOOL or TensorDataType.UINT8 or TensorDataType.INT8 => 1,
        TensorDataType.UINT16 or TensorDataType.INT16 or TensorDataType.FP16 or TensorDataType.BF16 => 2,
        TensorDataType.UINT32 or TensorDataType.INT32 or TensorDataType.FP32 => 4,
        TensorDataType.UINT64 or TensorDataType.INT64 or TensorDataType.FP64 => 8,
        _ => 0,
    };

    // Exactly the enum's names: a lookup, where Enum.TryParse would also accept numbers and lists ("BOOL, FP32").
    private static readonly FrozenDictionary<string, TensorDataType> ByName =
        Enum.GetValues<TensorDataType>().ToFrozenDictionary(d => d.ToString(), StringComparer.Ordinal);

    /// <summary>Parses a protocol datatype name (<c>FP32</c>, <c>BYTES</c>…), case-sensitively as the protocol requires.</summary>
    public static bool TryParse(string? name, out TensorDataType datatype)
    {
        datatype = default;
        return name is not null && ByName.TryGetValue(name, out datatype);
    }
}
