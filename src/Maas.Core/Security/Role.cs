using System.Text.Json.Serialization;

namespace Maas.Core.Security;

/// <summary>
/// What an API key may do. Roles are ordered: each includes everything the ones below it may do, so a check is
/// "at least this role". On the wire and in the database a role is its lower-case name (<c>"consumer"</c>).
/// </summary>
[JsonConverter(typeof(LowerCaseEnumConverter<Role>))]
public enum Role
{
    /// <summary>Reads model metadata and runs inference, within the key's scopes.</summary>
    Consumer = 1,

    /// <summary>
    /// Everything a consumer may do, and creates, updates and deletes models, versions, aliases and serving configs,
    /// loads and unloads models and downloads artefacts, within the key's scopes.
    /// </summary>
    Publisher = 2,

    /// <summary>Everything, on every model, including API keys and the audit log.</summary>
    Admin = 3,
}
