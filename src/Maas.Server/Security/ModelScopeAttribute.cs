namespace Maas.Server.Security;

/// <summary>
/// The endpoint acts on one model, and a key whose scopes do not cover it gets the endpoint's own "not found" answer,
/// as if the model did not exist.
/// </summary>
/// <param name="routeValue">
/// The route value holding the model's name (REST). <c>null</c> means the name is inside the request: the gRPC
/// interceptor reads it from the message, and a REST handler checks it itself (<c>POST /api/v1/models</c>).
/// </param>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
internal sealed class ModelScopeAttribute(string? routeValue = null) : Attribute
{
    public string? RouteValue { get; } = routeValue;
}
