namespace Maas.Server.Security;

/// <summary>The endpoint changes state: every call is written to the audit log as <paramref name="action"/> with its outcome.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class AuditedAttribute(string action) : Attribute
{
    /// <summary>One of <see cref="Core.Security.AuditActions"/>.</summary>
    public string Action { get; } = action;
}
