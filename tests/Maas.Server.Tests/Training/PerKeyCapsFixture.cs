namespace Maas.Server.Tests.Training;

/// <summary>A server whose per-key caps are tiny: one active job and two datasets per key.</summary>
public sealed class PerKeyCapsFixture : ServerFixture
{
    public override Task InitializeAsync()
    {
        Settings["Maas:Training:MaxActiveJobsPerKey"] = "1";
        Settings["Maas:Training:MaxDatasetsPerKey"] = "2";
        return base.InitializeAsync();
    }
}
