using System.Reflection;

namespace Maas.Server;

/// <summary>What the server reports about itself.</summary>
internal static class ServerInfo
{
    /// <summary>The informational version of the server assembly, without build metadata.</summary>
    public static string Version { get; } =
        (typeof(ServerInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
