namespace Maas.Server.Tests.Training;

/// <summary>A server whose training limits are small: the least job memory allowed (64 MiB) and small per-key caps.</summary>
public sealed class TightTrainingFixture : ServerFixture
{
    /// <summary>The job memory limit, in bytes.</summary>
    public const long MaxJobMemoryBytes = 64L << 20;

    public override Task InitializeAsync()
    {
        Settings["Maas:Training:MaxDatasetVersions"] = "2";
        Settings["Maas:Training:MaxJobMemoryBytes"] = MaxJobMemoryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return base.InitializeAsync();
    }
}
