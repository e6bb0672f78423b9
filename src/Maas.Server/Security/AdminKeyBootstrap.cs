using System.Text;
using Maas.Core;
using Maas.Core.Security;
using Microsoft.Extensions.Options;

namespace Maas.Server.Security;

/// <summary>
/// Makes sure the server can be administered from its first start. With <see cref="SecurityOptions.AdminKey"/>
/// set, that key exists as an active admin key (created when new). Without it, a server with no keys at all generates
/// an admin key, writes it to <c>&lt;data-dir&gt;/admin.key</c> (mode 0600) and prints it once on standard output.
/// </summary>
internal static class AdminKeyBootstrap
{
    public const string KeyFileName = "admin.key";

    public static async Task RunAsync(IServiceProvider services, string dataDirectory, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var keys = services.GetRequiredService<KeyService>();
        var audit = services.GetRequiredService<AuditTrail>();
        var log = services.GetRequiredService<IAuditLog>();
        // The options validator has refused a malformed key before the server got this far.
        if (options.AdminKey is not null && ApiKeyToken.TryParse(options.AdminKey, out var configured))
        {
            if (await keys.EnsureAdminAsync(configured, "admin key from MAAS_ADMIN_KEY", cancellationToken))
            {
                await log.AppendAsync([audit.Entry(null, AuditActions.KeyCreate, configured.Id, AuditOutcome.Success, null, "admin key from MAAS_ADMIN_KEY")], cancellationToken);
            }

            return;
        }

        if ((await keys.ListAsync(cancellationToken)).Count > 0)
        {
            return;
        }

        var token = ApiKeyToken.Generate();
        var path = Path.Combine(dataDirectory, KeyFileName);

        // The file first: if storing the key then fails, the next start generates another and overwrites the file.
        await WriteKeyFileAsync(path, token.Reveal(), cancellationToken);
        await keys.EnsureAdminAsync(token, "admin key generated at first start", cancellationToken);
        await log.AppendAsync([audit.Entry(null, AuditActions.KeyCreate, token.Id, AuditOutcome.Success, null, "admin key generated at first start")], cancellationToken);
        await Console.Out.WriteLineAsync("maas: admin key (shown once): " + token.Reveal());
        await Console.Out.WriteLineAsync($"maas: admin key saved to {path} (readable only by this user)");
    }

    // Written to a private temporary file and renamed, so the key is never readable by others, even for a moment,
    // and an existing admin.key is replaced whole.
    private static async Task WriteKeyFileAsync(string path, string key, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var file = new FileStream(temporary, options))
        {
            await file.WriteAsync(Encoding.UTF8.GetBytes(key + "\n"), cancellationToken);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
