using System.CommandLine;
using Maas.Cli.Output;
using Maas.Client;

namespace Maas.Cli.Commands;

/// <summary>Runs a client command's action and turns every expected failure into <c>error: …</c> and an exit code.</summary>
internal static class ClientCommand
{
    public static void SetClientAction(this Command command, ClientOptions options, Func<ClientContext, CancellationToken, Task> action)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = CliOutput.Create(parseResult.GetValue(options.Json));
            var apiKey = options.ResolveApiKey(parseResult);
            try
            {
                using var client = new MaasClient(parseResult.GetRequiredValue(options.Server), apiKey);
                await action(new ClientContext(parseResult, client, output), cancellationToken);
                return ExitCodes.Success;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                output.WriteError("cancelled.");
                return ExitCodes.Cancelled;
            }
            catch (MaasApiException ex)
            {
                output.WriteProblem(ex, Hint(ex, apiKey));
                return ExitCodes.Failure;
            }
            catch (Exception ex) when (ex is CliException or IOException or InvalidDataException or UnauthorizedAccessException)
            {
                output.WriteError(ex.Message);
                return ExitCodes.Failure;
            }
        });
    }

    private static string? Hint(MaasApiException exception, string? apiKey) => exception.StatusCode switch
    {
        401 when apiKey is null => $"The server wants an API key: pass --api-key or set {ClientOptions.ApiKeyVariable}.",
        0 => $"Pass --server or set {ClientOptions.ServerVariable} if the server listens elsewhere.",
        _ => null,
    };
}
