using Maas.Core;

namespace Maas.Runtime;

/// <summary>
/// What the host serves one version as: the contract requests are checked against and the settings it runs with.
/// The host takes it from <see cref="IModelSource.GetDefinitionAsync"/> when the version loads, validates it once, and
/// keeps it with the loaded version until that is unloaded or evicted.
/// </summary>
/// <param name="Signature">The version's inputs and outputs, read from its graph at registration; checked against the graph at load.</param>
/// <param name="Config">The serving settings the version loads with.</param>
public sealed record ModelDefinition(ModelSignature Signature, ModelRuntimeConfig Config);
