using System.Text.Json;
using System.Text.Json.Serialization;

namespace Maas.Core;

/// <summary>
/// Writes an enum as its lower-case name and reads names case-insensitively. Numbers are refused: <c>"role": 3</c>
/// would silently depend on the order of the members.
/// </summary>
/// <typeparam name="TEnum">The enum type.</typeparam>
public sealed class LowerCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(new LowerCasePolicy(), allowIntegerValues: false)
    where TEnum : struct, Enum
{
    private sealed class LowerCasePolicy : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name.ToLowerInvariant();
    }
}
