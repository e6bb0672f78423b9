using Maas.Core.Configuration;
using Maas.Server.Hosting.Configuration;
using Microsoft.Extensions.Options;

namespace Maas.Server.Hosting;

/// <summary>The rules of <see cref="HostingOptions"/>.</summary>
internal sealed class HostingOptionsValidator : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var checks = new OptionChecks();
        checks.Require(ListenAddress.TryParse(options.HttpAddress, out _), ListenAddress.Describe(nameof(options.HttpAddress), options.HttpAddress));
        checks.Require(options.GrpcDisabled || ListenAddress.TryParse(options.GrpcAddress, out _), ListenAddress.Describe(nameof(options.GrpcAddress), options.GrpcAddress) + " Use none to turn gRPC off.");
        checks.Require(Hosting.AllowedHosts.TryParse(options.AllowedHosts) is not null, $"{Hosting.AllowedHosts.Rule}; '{options.AllowedHosts}' is not.");
        // The certificate files are read (and their absence reported) at start, by TlsCertificate, before the disk is touched.
        checks.AtLeast(nameof(options.ShutdownTimeout), options.ShutdownTimeout, TimeSpan.Zero, "zero or more");
        return checks.ToResult();
    }
}
