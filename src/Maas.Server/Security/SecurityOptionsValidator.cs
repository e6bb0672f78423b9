using Maas.Core.Configuration;
using Maas.Core.Security;
using Maas.Server.Hosting.Configuration;
using Microsoft.Extensions.Options;

namespace Maas.Server.Security;

/// <summary>The rules of <see cref="SecurityOptions"/>: a well-formed admin key when one is given, a sane rate.</summary>
internal sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var checks = new OptionChecks();
        checks.Require(
            options.AdminKey is null || ApiKeyToken.TryParse(options.AdminKey, out _),
            $"{nameof(options.AdminKey)} is not a Maas API key: expected {ApiKeyToken.FormatDescription}.");
        checks.Require(
            double.IsFinite(options.RequestsPerSecondPerKey) && options.RequestsPerSecondPerKey >= 0,
            $"{nameof(options.RequestsPerSecondPerKey)} must be 0 (off) or more.");
        checks.AtLeast(nameof(options.RequestBurstPerKey), options.RequestBurstPerKey, 1);
        return checks.ToResult();
    }
}
