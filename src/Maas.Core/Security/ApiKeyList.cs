namespace Maas.Core.Security;

/// <summary>The body of <c>GET /api/v1/keys</c>: every key, oldest first, without secrets.</summary>
public sealed record ApiKeyList(IReadOnlyList<ApiKeyInfo> Keys);
