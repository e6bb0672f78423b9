using System.Text.Json.Serialization;

namespace Maas.Core.Security;

/// <summary>How an audited action ended; <c>"success"</c> or <c>"failure"</c> on the wire.</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<AuditOutcome>))]
public enum AuditOutcome
{
    /// <summary>The action was done (a 2xx answer, or an OK gRPC status).</summary>
    Success = 1,

    /// <summary>The action was refused or failed; nothing changed, unless the detail says otherwise.</summary>
    Failure = 2,
}
