namespace Maas.Server.Hosting;

/// <summary>Where the server keeps its data and how it is encrypted (configuration section <c>Maas:Storage</c>).</summary>
internal sealed class StorageOptions
{
    /// <summary>The folder holding the SQLite database and the blob store, created if missing. Default <c>./maas-data</c>.</summary>
    public string DataDirectory { get; set; } = "./maas-data";

    /// <summary>
    /// The master key that wraps every blob's data key, as base64 of 32 bytes. <c>null</c> (the default) uses
    /// <c>master.key</c> in the data folder, generated with mode 0600 on first start. A malformed key stops the server
    /// from starting. A secret: never logged, masked by <c>--print-config</c>, and never a command-line flag.
    /// </summary>
    public string? MasterKey { get; set; }
}
