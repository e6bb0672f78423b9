namespace Maas.Server.Security;

/// <summary>
/// The endpoint shows every model at once and cannot be filtered (<c>/metrics</c>), so it needs a key whose scopes
/// cover all models (<c>*</c>); a narrower key gets 403.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
internal sealed class AllModelsAttribute : Attribute;
