using Maas.Core.Configuration;
using Maas.Core.Security;
using Maas.Server.Hosting.Configuration;
using Microsoft.Extensions.Options;

namespace Maas.Server.Security;

/// <summary>The rules of <see cref="SecurityOptions"/>: a well-formed admin key with a random-looking secret when one is given, a sane rate.</summary>
internal sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var checks = new OptionChecks();
        var weakness = options.AdminKey is null ? null : ApiKeyToken.WeaknessOfChosen(options.AdminKey);
        checks.Require(weakness is null, $"{nameof(options.AdminKey)} {weakness}.");
        checks.Require(
            double.IsFinite(options.RequestsPerSecondPerKey) && options.RequestsPerSecondPerKey >= 0,
            $"{nameof(options.RequestsPerSecondPerKey)} must be 0 (off) or more.");
        checks.AtLeast(nameof(options.RequestBurstPerKey), options.RequestBurstPerKey, 1);
        checks.Require(
            double.IsFinite(options.FailedAuthenticationsPerSecondPerAddress) && options.FailedAuthenticationsPerSecondPerAddress >= 0,
            $"{nameof(options.FailedAuthenticationsPerSecondPerAddress)} must be 0 (off) or more.");
        checks.AtLeast(nameof(options.FailedAuthenticationBurstPerAddress), options.FailedAuthenticationBurstPerAddress, 1);
        checks.AtLeast(nameof(options.AuthenticationFailureAuditInterval), options.AuthenticationFailureAuditInterval, TimeSpan.FromMilliseconds(100), "at least 100 ms");
        checks.AtLeast(nameof(options.MinAuditRetention), options.MinAuditRetention, TimeSpan.FromDays(1), "at least 1 day");
        return checks.ToResult();
    }
}
