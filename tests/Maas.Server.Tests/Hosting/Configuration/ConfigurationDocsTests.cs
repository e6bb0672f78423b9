namespace Maas.Server.Tests.Hosting.Configuration;

/// <summary>docs/configuration.md lists every setting with its flag, variables and default: generated, so it cannot drift.</summary>
public sealed class ConfigurationDocsTests
{
    [Fact]
    public void Docs_ListEverySettingAsTheCatalogueHasIt()
    {
        var page = File.ReadAllText(ConfigurationDocs.Path);
        var begin = page.IndexOf(ConfigurationDocs.Begin, StringComparison.Ordinal);
        var end = page.IndexOf(ConfigurationDocs.End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "docs/configuration.md has lost its generated-settings markers.");
        var current = page[(begin + ConfigurationDocs.Begin.Length)..end];
        var expected = ConfigurationDocs.Render();

        if (current != expected && Environment.GetEnvironmentVariable("MAAS_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(ConfigurationDocs.Path, page[..(begin + ConfigurationDocs.Begin.Length)] + expected + page[end..]);
            current = expected;
        }

        Assert.True(
            current == expected,
            "docs/configuration.md does not match the settings catalogue; run the tests with MAAS_UPDATE_DOCS=1 to regenerate it.");
    }
}
