using System.Text.Json.Serialization;

namespace Maas.Core.Training;

/// <summary>What happens to missing values; in JSON <c>drop</c>, <c>mean</c>, <c>median</c> or <c>mostfrequent</c>.</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<MissingPolicy>))]
public enum MissingPolicy
{
    /// <summary>Rows with a missing feature or target are dropped.</summary>
    Drop,

    /// <summary>A missing number becomes the training split's mean (categories: the most frequent).</summary>
    Mean,

    /// <summary>A missing number becomes the training split's median (categories: the most frequent).</summary>
    Median,

    /// <summary>A missing value becomes the training split's most frequent value.</summary>
    MostFrequent,
}
