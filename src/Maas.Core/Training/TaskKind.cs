using System.Text.Json.Serialization;

namespace Maas.Core.Training;

/// <summary>What a model predicts; written in JSON in lower case (<c>regression</c>, <c>binary</c>, <c>multiclass</c>).</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<TaskKind>))]
public enum TaskKind
{
    /// <summary>A number.</summary>
    Regression,

    /// <summary>One of two classes.</summary>
    Binary,

    /// <summary>One of three or more classes.</summary>
    Multiclass,
}
