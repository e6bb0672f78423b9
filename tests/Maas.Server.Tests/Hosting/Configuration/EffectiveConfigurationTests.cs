using System.Globalization;
using System.Reflection;
using Maas.Runtime;
using Maas.Server.Hosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace Maas.Server.Tests.Hosting.Configuration;

/// <summary>Every setting binds from its key, and a bad one is refused with a sentence naming its flag and key.</summary>
public sealed class EffectiveConfigurationTests
{
    public static TheoryData<string> Keys => [.. MaasSettings.All.Select(s => s.Key)];

    [Theory]
    [MemberData(nameof(Keys))]
    public void Load_EachKey_BindsIntoItsOptions(string key)
    {
        var setting = MaasSettings.Find(key)!;
        var (text, expected) = NonDefaultValue(setting);

        var effective = EffectiveConfiguration.Load(Configuration((key, text)));

        Assert.Empty(effective.Errors);
        Assert.Equal(expected, effective.ValueOf(setting));
        Assert.NotEqual(setting.DefaultValue, expected);
    }

    [Fact]
    public void Catalogue_CoversEverySettableOptionsProperty()
    {
        // The model host's tensor limit is not a setting of its own: it is the limits' (Maas:Limits:MaxTensorElements).
        var derived = new[] { $"{nameof(ModelHostOptions)}.{nameof(ModelHostOptions.MaxTensorElements)}" };
        var missing = ConfigurationWiring.Bindings
            .SelectMany(b => b.OptionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite)
                .Select(p => (Type: b.OptionsType, Name: p.Name)))
            .Where(p => !derived.Contains($"{p.Type.Name}.{p.Name}") && !MaasSettings.All.Any(s => s.OptionsType == p.Type && s.Name == p.Name))
            .Select(p => $"{p.Type.Name}.{p.Name}")
            .ToList();

        Assert.True(missing.Count == 0, "Not in MaasSettings: " + string.Join(", ", missing));
    }

    [Fact]
    public void Load_OutOfRange_NamesTheFlagAndTheKey()
    {
        var effective = EffectiveConfiguration.Load(Configuration(("Maas:Limits:MaxJsonDepth", "2")));

        var error = Assert.Single(effective.Errors);
        Assert.Equal("--max-json-depth must be between 4 and 1000; 2 was given (configuration key Maas:Limits:MaxJsonDepth).", error);
    }

    [Fact]
    public void Load_SettingWithoutAFlag_NamesTheKeyOnce()
    {
        var effective = EffectiveConfiguration.Load(Configuration(("Maas:Serving:MemoryWaitTimeout", "-00:00:01")));

        Assert.Equal("Maas:Serving:MemoryWaitTimeout must be zero or more.", Assert.Single(effective.Errors));
    }

    [Fact]
    public void Load_ValueThatDoesNotConvert_SaysWhatItTakesWithoutATypeName()
    {
        var effective = EffectiveConfiguration.Load(Configuration(("Maas:Limits:MaxTensorRank", "three")));

        var error = Assert.Single(effective.Errors);
        Assert.Equal("--max-tensor-rank (configuration key Maas:Limits:MaxTensorRank) must be a whole number; 'three' is not.", error);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownKeyUnderMaas_IsAnError()
    {
        var effective = EffectiveConfiguration.Load(Configuration(("Maas:Limits:MaxJsonDept", "10"), ("maas:serving:memorybudgetbytes", "1000")));

        Assert.Equal(["Maas:Limits:MaxJsonDept is not a Maas setting; docs/configuration.md lists them all."], effective.Errors);
    }

    [Fact]
    public void Load_SeveralBadSettings_ReportsEachOnce()
    {
        var effective = EffectiveConfiguration.Load(Configuration(
            ("Maas:Limits:MaxTensorElements", "0"), ("Maas:Security:RequestBurstPerKey", "0"), ("Maas:Training:MaxConcurrentJobs", "65")));

        Assert.Equal(3, effective.Errors.Count);
        Assert.Contains(effective.Errors, e => e.StartsWith("--max-tensor-elements must be at least 1", StringComparison.Ordinal));
        Assert.Contains(effective.Errors, e => e.StartsWith("--rate-burst must be at least 1", StringComparison.Ordinal));
        Assert.Contains(effective.Errors, e => e.StartsWith("--max-training-jobs must be between 1 and 64", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_TensorLimit_ReachesTheModelHostToo()
    {
        var effective = EffectiveConfiguration.Load(Configuration(("Maas:Limits:MaxTensorElements", "1234")));

        Assert.Equal(1234, effective.Get<ModelHostOptions>().MaxTensorElements);
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    // A valid value unlike the default, by the kind and type of the setting.
    private static (string Text, object Expected) NonDefaultValue(MaasSetting setting) => (setting.Kind, setting.DefaultValue) switch
    {
        (SettingKind.Text, _) when setting.Name == "AllowedHosts" => ("maas.example.com", "maas.example.com"),
        // This test host is not the maas executable, so it cannot start workers: the other mode it accepts.
        (SettingKind.Choice, _) when setting.Name == "Isolation" => ("in-process", "in-process"),
        (SettingKind.Secret, _) when setting.Name == "AdminKey" => (TestKeys.Admin, TestKeys.Admin),
        (SettingKind.Secret, _) => ("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="),
        (SettingKind.Address, _) => ("127.0.0.1:9", "127.0.0.1:9"),
        (SettingKind.Path, _) => ("/srv/maas-elsewhere", "/srv/maas-elsewhere"),
        (SettingKind.Choice, string current) => (setting.Choices.First(c => c != current), setting.Choices.First(c => c != current)),
        (_, bool flag) => ((!flag).ToString(CultureInfo.InvariantCulture), !flag),
        (_, TimeSpan duration) => ((duration + TimeSpan.FromSeconds(7)).ToString("c", CultureInfo.InvariantCulture), duration + TimeSpan.FromSeconds(7)),
        (_, int number) => ((number + 3).ToString(CultureInfo.InvariantCulture), number + 3),
        (_, long number) => ((number + 3).ToString(CultureInfo.InvariantCulture), number + 3),
        (_, double number) => ((number + 3).ToString(CultureInfo.InvariantCulture), number + 3),
        _ => throw new InvalidOperationException($"No test value for {setting.Key}."),
    };
}
