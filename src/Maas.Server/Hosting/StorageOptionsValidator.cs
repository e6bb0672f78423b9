using Maas.Core.Configuration;
using Maas.Server.Hosting.Configuration;
using Maas.Storage;
using Microsoft.Extensions.Options;

namespace Maas.Server.Hosting;

/// <summary>The rules of <see cref="StorageOptions"/>: a data folder, and a master key that is well formed when given.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var checks = new OptionChecks();
        checks.Require(!string.IsNullOrWhiteSpace(options.DataDirectory), $"{nameof(options.DataDirectory)} must name a folder.");
        checks.Require(
            options.MasterKey is null || BlobEncryptionOptions.IsWellFormedMasterKey(options.MasterKey),
            $"{nameof(options.MasterKey)} is not a valid master key: {BlobEncryptionOptions.MasterKeyRule}.");
        return checks.ToResult();
    }
}
