namespace Maas.Core.Registry;

/// <summary>A named pointer (such as <c>production</c>) from a model to one of its versions.</summary>
public sealed record AliasInfo(string Model, string Alias, int Version);
