namespace Maas.Core.Registry;

/// <summary>The body of <c>PUT /api/v1/models/{name}/aliases/{alias}</c>.</summary>
public sealed record SetAliasRequest(int Version);
