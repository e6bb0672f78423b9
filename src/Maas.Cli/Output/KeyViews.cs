using Maas.Core.Security;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Maas.Cli.Output;

/// <summary>Renderings of API keys. Only ids are ever shown: the server has no secrets to give.</summary>
internal static class KeyViews
{
    public static Table List(IEnumerable<ApiKeyInfo> keys, DateTimeOffset now)
    {
        var table = new Table().AddColumns("ID", "ROLE", "SCOPES", "STATE", "CREATED", "EXPIRES", "DESCRIPTION");
        foreach (var key in keys)
        {
            table.AddRow(
                new Text(key.Id),
                new Text(Name(key.Role)),
                new Text(string.Join(", ", key.Scopes)),
                new Text(State(key, now)),
                new Text(Formats.Time(key.Created)),
                new Text(key.Expires is { } expires ? Formats.Time(expires) : "never"),
                new Text(Formats.OneLine(key.Description, 40)));
        }

        return table;
    }

    public static IRenderable Details(ApiKeyInfo key, DateTimeOffset now) => new FieldList()
        .Add("id", key.Id)
        .Add("role", Name(key.Role))
        .Add("scopes", string.Join(", ", key.Scopes))
        .Add("state", State(key, now))
        .Add("description", key.Description.Length == 0 ? "-" : key.Description)
        .Add("created", Formats.Time(key.Created))
        .Add("expires", key.Expires is { } expires ? Formats.Time(expires) : "never")
        .Add("revoked", key.Revoked is { } revoked ? Formats.Time(revoked) : "-")
        .ToRenderable();

    /// <summary>One line: "consumer key 3f2a… for fraud-*, expires 2026-12-31 18:00:00Z".</summary>
    public static string Describe(ApiKeyInfo key) =>
        $"{Name(key.Role)} key {key.Id}"
        + (key.Role == Role.Admin ? string.Empty : " for " + string.Join(", ", key.Scopes))
        + (key.Expires is { } expires ? ", expires " + Formats.Time(expires) : ", no expiry");

    public static string State(ApiKeyInfo key, DateTimeOffset now) =>
        key.Revoked is not null ? "revoked" : key.IsActiveAt(now) ? "active" : "expired";

    private static string Name(Role role) => role.ToString().ToLowerInvariant();
}
