using System.Globalization;
using Maas.Core;
using Maas.Core.Security;
using Microsoft.Extensions.Options;

namespace Maas.Server.Security;

/// <summary>
/// <c>GET /api/v1/audit</c>: the audit log, newest first, with filters; <c>POST /api/v1/admin/audit/prune</c>: drop whole
/// months older than the retention, itself audited (admin only).
/// </summary>
internal static class AuditEndpoints
{
    private const int MaxFilterLength = 128;

    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit log").RequireMaasRole(Role.Admin);
        audit.MapGet("/", QueryAsync).WithSummary("Read the audit log, newest first: filter by action, key and time; page with pageToken.");
        api.MapPost("/admin/audit/prune", PruneAsync).WithTags("Audit log").RequireMaasRole(Role.Admin).Audited(AuditActions.AuditPrune)
            .WithSummary("Drop the audit log's whole monthly partitions older than a cut-off at least the minimum retention ago.");
        return audit;
    }

    private static async Task<AuditPruneResult> PruneAsync(
        AuditPruneRequest request, IAuditLog log, IOptions<SecurityOptions> options, TimeProvider clock, MaasCaller caller, CancellationToken cancellationToken)
    {
        var retention = options.Value.MinAuditRetention;
        var latest = clock.GetUtcNow() - retention;
        if (request.Before > latest)
        {
            throw MaasException.Invalid(string.Create(
                CultureInfo.InvariantCulture,
                $"before must be at least {retention.TotalDays:0.##} days ago (--min-audit-retention), so no later than {latest:O}; {request.Before:O} was given."));
        }

        var result = await log.PruneAsync(request.Before, cancellationToken);
        caller.AuditTarget = string.Create(
            CultureInfo.InvariantCulture,
            $"before {request.Before:O}: {result.Dropped.Count} partitions ({string.Join(", ", result.Dropped.Select(p => p.Month))}), {result.Dropped.Sum(p => p.Entries)} entries");
        return result;
    }

    private static Task<AuditPage> QueryAsync(
        IAuditLog log,
        CancellationToken cancellationToken,
        string? action = null,
        string? keyId = null,
        string? since = null,
        int? limit = null,
        string? pageToken = null)
    {
        var size = limit ?? AuditQuery.DefaultLimit;
        if (size is < 1 or > AuditQuery.MaxLimit)
        {
            throw MaasException.Invalid($"limit must be between 1 and {AuditQuery.MaxLimit}; {size} was given.");
        }

        if (action is { Length: > MaxFilterLength } || keyId is { Length: > MaxFilterLength })
        {
            throw MaasException.Invalid($"action and keyId are at most {MaxFilterLength} characters.");
        }

        DateTimeOffset? from = null;
        if (since is not null)
        {
            from = DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw MaasException.Invalid($"since must be an ISO 8601 time such as 2026-11-23T16:00:00Z; '{Clip(since)}' is not one.");
        }

        long? before = null;
        if (pageToken is not null)
        {
            before = long.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? id
                : throw MaasException.Invalid("pageToken is not one this server issued; pass the nextPageToken of the previous page.");
        }

        return log.QueryAsync(new AuditQuery(action, keyId, from, size, before), cancellationToken);
    }

    private static string Clip(string value) =>
        string.Concat((value.Length > 40 ? value[..40] + "…" : value).Select(c => char.IsControl(c) ? '?' : c));
}
