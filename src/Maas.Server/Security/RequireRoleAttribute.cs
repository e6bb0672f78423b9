using Maas.Core.Security;

namespace Maas.Server.Security;

/// <summary>The endpoint needs a key of at least <paramref name="role"/>. On a gRPC method it is read from the attribute.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
internal sealed class RequireRoleAttribute(Role role) : Attribute, IAccessRequirement
{
    public Role Role { get; } = role;

    public Role? MinimumRole => Role;
}
