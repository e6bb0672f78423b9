namespace Maas.Core.Inference;

/// <summary>An output the caller asked for by name; no request for outputs means all of them.</summary>
/// <param name="Name">The output's name in the graph.</param>
/// <param name="Classification">When set, the top-N classes are returned instead of the raw tensor.</param>
public sealed record InferenceOutput(string Name, int? Classification = null);
