using Maas.Core.Security;

namespace Maas.Server.Security;

/// <summary>
/// Who may call an endpoint, as endpoint metadata. The innermost declaration wins, so an endpoint can loosen or
/// tighten what its group requires. An endpoint without one is admin-only: a route someone forgets to declare fails
/// closed (and the access-matrix test names it).
/// </summary>
internal interface IAccessRequirement
{
    /// <summary>The least role a key needs, or <c>null</c> when no key is needed.</summary>
    Role? MinimumRole { get; }
}
