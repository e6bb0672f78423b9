using System.Globalization;
using System.Net.Http.Json;
using Maas.Core.Security;

namespace Maas.Client;

public sealed partial class MaasClient
{
    /// <summary>Reads the audit log, newest first, one page at a time (<c>GET /api/v1/audit</c>, admin only).</summary>
    /// <param name="query">
    /// The filters (action or action prefix such as <c>auth.*</c>, key id, earliest time), the page size, and in
    /// <see cref="AuditQuery.Before"/> the <see cref="AuditPage.NextPageToken"/> of the previous page.
    /// </param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>One page; its <see cref="AuditPage.NextPageToken"/> is <c>null</c> when no older entries match.</returns>
    public Task<AuditPage> GetAuditAsync(AuditQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new AuditQuery();
        var parameters = new List<string>(5) { "limit=" + query.Limit.ToString(CultureInfo.InvariantCulture) };
        if (!string.IsNullOrEmpty(query.Action))
        {
            parameters.Add("action=" + Uri.EscapeDataString(query.Action));
        }

        if (!string.IsNullOrEmpty(query.KeyId))
        {
            parameters.Add("keyId=" + Uri.EscapeDataString(query.KeyId));
        }

        if (query.Since is { } since)
        {
            parameters.Add("since=" + Uri.EscapeDataString(since.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));
        }

        if (query.Before is { } before)
        {
            parameters.Add("pageToken=" + before.ToString(CultureInfo.InvariantCulture));
        }

        return SendForJsonAsync<AuditPage>(new HttpRequestMessage(HttpMethod.Get, ResourcePath.Audit + "?" + string.Join('&', parameters)), cancellationToken);
    }

    /// <summary>
    /// Drops the audit log's whole monthly partitions whose entries are all older than <paramref name="before"/>
    /// (<c>POST /api/v1/admin/audit/prune</c>, admin only). The prune is itself audited in the log that remains.
    /// </summary>
    /// <param name="before">The cut-off; at least the server's minimum retention (default 90 days) in the past, or 400.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The dropped partitions (month and entries), oldest first.</returns>
    public Task<AuditPruneResult> PruneAuditAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        SendForJsonAsync<AuditPruneResult>(
            new HttpRequestMessage(HttpMethod.Post, "api/v1/admin/audit/prune")
            {
                Content = JsonContent.Create(new AuditPruneRequest(before.ToUniversalTime()), options: MaasJson.Options),
            },
            cancellationToken);
}
