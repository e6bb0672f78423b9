using Maas.Core.Security;

namespace Maas.Server.Security;

/// <summary>The endpoint answers without a key (health probes); a key sent anyway is not even looked at.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
internal sealed class AnonymousAccessAttribute : Attribute, IAccessRequirement
{
    public Role? MinimumRole => null;
}
