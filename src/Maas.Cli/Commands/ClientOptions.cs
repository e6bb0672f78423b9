using System.CommandLine;
using System.CommandLine.Parsing;

namespace Maas.Cli.Commands;

/// <summary>
/// The options every client command takes: which server, which key, and whether to print JSON. They are recursive on
/// <c>maas models</c>, so they work on each of its subcommands.
/// </summary>
internal sealed class ClientOptions
{
    public const string ServerVariable = "MAAS_SERVER";
    public const string ApiKeyVariable = "MAAS_API_KEY";
    public const string DefaultServer = "http://127.0.0.1:8000";

    public Option<Uri> Server { get; } = new("--server")
    {
        HelpName = "URL",
        Description = $"The Maas server's HTTP address; ${ServerVariable} when set.",
        Recursive = true,
        CustomParser = result => ParseServer(result.Tokens[0].Value, result),
        DefaultValueFactory = result => ParseServer(
            Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultServer, result),
    };

    // No default value factory: the help text would print the key from the environment.
    public Option<string> ApiKey { get; } = new("--api-key")
    {
        HelpName = "KEY",
        Description = $"The API key, sent as a bearer token; ${ApiKeyVariable} when set.",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the server's JSON answer, indented, and nothing else on standard output.",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(ApiKey);
        command.Options.Add(Json);
    }

    public string? ResolveApiKey(ParseResult parseResult)
    {
        var key = parseResult.GetValue(ApiKey);
        if (string.IsNullOrEmpty(key))
        {
            key = Environment.GetEnvironmentVariable(ApiKeyVariable);
        }

        return string.IsNullOrEmpty(key) ? null : key;
    }

    // "localhost:8000" would parse as a URI with scheme "localhost", so an address without "://" gets http:// first.
    private static Uri ParseServer(string text, ArgumentResult result)
    {
        var candidate = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        result.AddError($"'{text}' is not a server address; use a URL such as {DefaultServer}.");
        return new Uri(DefaultServer);
    }
}
