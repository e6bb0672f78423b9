namespace Maas.Server.Hosting.Configuration;

/// <summary>What kind of value a setting takes: how a flag parses it and how <c>--print-config</c> shows it.</summary>
public enum SettingKind
{
    /// <summary>Free text.</summary>
    Text,

    /// <summary>A folder or file path.</summary>
    Path,

    /// <summary>A listen address, <c>host:port</c> (<c>none</c> where a listener can be turned off).</summary>
    Address,

    /// <summary>A whole number (an integer).</summary>
    WholeNumber,

    /// <summary>A number that may have a fraction.</summary>
    Number,

    /// <summary>A size in bytes; flags also take units (64KiB, 500MB, 4GiB), configuration files plain bytes.</summary>
    Bytes,

    /// <summary>A duration: flags take 500ms, 30s, 2m; configuration files take .NET's <c>hh:mm:ss</c>.</summary>
    Duration,

    /// <summary>A <see cref="Duration"/> that may also be <c>infinite</c> (<c>-00:00:00.001</c> in a configuration file).</summary>
    DurationOrInfinite,

    /// <summary><c>true</c> or <c>false</c>; a flag given without a value means <c>true</c>.</summary>
    Boolean,

    /// <summary>One word of <see cref="MaasSetting.Choices"/>.</summary>
    Choice,

    /// <summary>A secret: never a flag, never logged, masked when shown.</summary>
    Secret,
}
