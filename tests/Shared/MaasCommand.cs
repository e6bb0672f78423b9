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
        start.Environment.Remove("MAAS_DATA_DIR");
        return start;
    }

    /// <summary>Runs <c>maas</c> with <paramref name="arguments"/> to completion and returns its exit code and output.</summary>
    public static async Task<CommandResult> RunAsync(params string[] arguments)
    {
        using var process = Process.Start(StartInfo(arguments))!;
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
