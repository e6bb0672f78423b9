using Maas.Core.Configuration;
using Microsoft.Extensions.Options;

namespace Maas.Runtime;

/// <summary>The ranges of <see cref="ModelHostOptions"/>; each failure names the setting it is about.</summary>
public sealed class ModelHostOptionsValidator : IValidateOptions<ModelHostOptions>
{
    /// <summary>The most intra-op threads one session may ask for.</summary>
    public const int MaxIntraOpThreads = 64;

    public ValidateOptionsResult Validate(string? name, ModelHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var checks = new OptionChecks();
        checks.AtLeast(nameof(options.MemoryBudgetBytes), options.MemoryBudgetBytes, 1);
        checks.Between(nameof(options.IntraOpThreads), options.IntraOpThreads, 0, MaxIntraOpThreads);
        checks.AtLeast(nameof(options.FailedLoadRetryDelay), options.FailedLoadRetryDelay, TimeSpan.Zero, "zero or more");
        checks.AtLeast(nameof(options.MemoryWaitTimeout), options.MemoryWaitTimeout, TimeSpan.Zero, "zero or more");
        checks.AtLeast(nameof(options.MaxTensorElements), options.MaxTensorElements, 1);
        checks.Require(
            ModelHostOptions.OptimizationLevels.Contains(options.GraphOptimizationLevel, StringComparer.OrdinalIgnoreCase),
            $"{nameof(options.GraphOptimizationLevel)} must be one of {string.Join(", ", ModelHostOptions.OptimizationLevels)}; '{options.GraphOptimizationLevel}' was given.");
        return checks.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(checks.Failures);
    }
}
