namespace Maas.Core.Security;

/// <summary>A key as the key store holds it: its description and the SHA-256 of its secret.</summary>
/// <param name="Info">The key without its secret.</param>
/// <param name="SecretSha256">The 32-byte SHA-256 of the secret's UTF-8 bytes.</param>
public sealed record StoredApiKey(ApiKeyInfo Info, ReadOnlyMemory<byte> SecretSha256);
