namespace Maas.Server.Security;

/// <summary>
/// The endpoint lists models (or their versions or statistics), and shows a scoped key only those its scopes cover.
/// The handler does the filtering; the marker documents it for the access-matrix test and readers.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
internal sealed class ListFilteredAttribute : Attribute;
