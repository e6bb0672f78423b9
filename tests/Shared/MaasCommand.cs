using System.Diagnostics;

namespace Maas.Testing;

/// <summary>Runs the built <c>maas</c> executable (maas.dll beside the test assembly) as a child process.</summary>
internal static class MaasCommand
{
    public static string AssemblyPath { get; } = Path.Combine(AppContext.BaseDirectory, "maas.dll");

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        if (!File.Exists(AssemblyPath))
        {
            throw new InvalidOperationException($"maas.dll is not beside the tests ({AssemblyPath}); reference Maas.Cli from the test project.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AssemblyPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Keep the child's output plain and its environment free of the developer's settings.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("MAAS_SERVER");
        start.Environment.Remove("MAAS_API_KEY");
        start.Environment.Remove("MAAS_ADMIN_KEY");
        start.Environment.Remove("MAAS_DATA_DIR");
        start.Environment.Remove("MAAS_MASTER_KEY");
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MAAS__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        return start;
    }

    /// <summary>Runs <c>maas</c> with <paramref name="arguments"/> to completion and returns its exit code and output.</summary>
    public static Task<CommandResult> RunAsync(params string[] arguments) => RunAsync(null, arguments);

    /// <summary>
    /// Runs <c>maas</c> with <paramref name="arguments"/> and <paramref name="environment"/> added to its environment
    /// (such as <c>MAAS_API_KEY</c>; a <c>null</c> value removes the variable).
    /// </summary>
    public static async Task<CommandResult> RunAsync(IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var start = StartInfo(arguments);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"maas {string.Join(' ', arguments)} did not finish within 2 minutes.");
        }

        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>What a finished <c>maas</c> command printed and returned.</summary>
internal sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
