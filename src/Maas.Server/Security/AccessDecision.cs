namespace Maas.Server.Security;

/// <summary>What the access policy decided on a request's headers: go on (as <see cref="Caller"/>, or anonymously), or a refusal.</summary>
internal readonly record struct AccessDecision(MaasCaller? Caller, AccessRefusal? Refusal)
{
    /// <summary>An endpoint that needs no key: nobody is authenticated, nothing is checked.</summary>
    public static AccessDecision Anonymous => default;

    public static AccessDecision Allow(MaasCaller caller) => new(caller, null);

    public static AccessDecision Refuse(AccessRefusal refusal) => new(null, refusal);
}
