using System.Text.Json;
using System.Text.Json.Serialization;
using Maas.Core;

namespace Maas.Storage;

/// <summary>
/// Source-generated JSON for the metadata columns that hold structured values (tags, labels, signatures, alias
/// lists). Web defaults (camelCase) make the stored text read like the REST API's.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ModelSignature))]
[JsonSerializable(typeof(Core.Registry.ModelServingConfig))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, int>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<Core.Training.DatasetColumn>))]
[JsonSerializable(typeof(Core.Training.JobProgress))]
[JsonSerializable(typeof(IReadOnlyList<Core.Training.JobEpoch>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
