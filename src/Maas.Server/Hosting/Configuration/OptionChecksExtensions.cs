using Maas.Core.Configuration;
using Microsoft.Extensions.Options;

namespace Maas.Server.Hosting.Configuration;

internal static class OptionChecksExtensions
{
    /// <summary>The collected failures as the options framework takes them.</summary>
    public static ValidateOptionsResult ToResult(this OptionChecks checks) =>
        checks.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(checks.Failures);
}
