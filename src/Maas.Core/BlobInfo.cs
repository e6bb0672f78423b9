namespace Maas.Core;

/// <summary>A stored, immutable blob, named by the SHA-256 of its content.</summary>
/// <param name="Digest">The content digest, <c>sha256:</c> followed by 64 lower-case hex digits.</param>
/// <param name="Size">The content length in bytes.</param>
public sealed record BlobInfo(string Digest, long Size);
