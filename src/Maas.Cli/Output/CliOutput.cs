using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maas.Client;
using Maas.Core;
using Spectre.Console;

namespace Maas.Cli.Output;

/// <summary>
/// Where a command writes: results to standard output (tables for people, or JSON with <c>--json</c>), and errors,
/// hints and progress bars to standard error, so that piping stdout never captures anything but the result.
/// </summary>
internal sealed class CliOutput
{
    // Piped output must not be wrapped at Spectre's assumed 80 columns: a digest alone is 71 characters.
    private const int RedirectedWidth = 1000;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,

        // The JSON goes to a terminal or a pipe, never into HTML: keep non-ASCII names and '+' readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly TextWriter _stdout;

    private CliOutput(bool json)
    {
        Json = json;
        _stdout = Console.Out;
        Out = CreateConsole(Console.Out, Console.IsOutputRedirected);
        Error = CreateConsole(Console.Error, Console.IsErrorRedirected);
    }

    /// <summary>Whether <c>--json</c> was given: stdout carries only the server's JSON.</summary>
    public bool Json { get; }

    /// <summary>Standard output, for human-readable results.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Standard error, for errors, hints and progress.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>Whether a live progress bar makes sense: a person is watching and stdout is not JSON.</summary>
    public bool CanShowProgress => !Json && !Console.IsErrorRedirected;

    public static CliOutput Create(bool json) => new(json);

    public void WriteJson<T>(T value) => _stdout.WriteLine(EscapeJson(JsonSerializer.Serialize(value, JsonOptions)));

    /// <summary>Writes a plain line (no markup) to standard output.</summary>
    public void Line(string text) => Out.Write(new Text(text + Environment.NewLine));

    public void Hint(string text) => Error.Write(new Text(text + Environment.NewLine, new Style(Color.Grey)));

    public void WriteError(string detail)
    {
        Error.Markup("[red]error:[/] ");
        Error.Write(new Text(detail + Environment.NewLine));
    }

    /// <summary>Reports a failed request: <c>error: detail</c> on stderr, and with <c>--json</c> the problem on stdout.</summary>
    public void WriteProblem(MaasApiException exception, string? hint = null)
    {
        if (Json)
        {
            _stdout.WriteLine(EscapeJson(ProblemJson(exception)));
        }

        WriteError(exception.Detail);
        if (hint is not null)
        {
            Hint(hint);
        }
    }

    private static string ProblemJson(MaasApiException exception)
    {
        if (exception.ProblemJson is { } body)
        {
            try
            {
                return JsonNode.Parse(body)?.ToJsonString(JsonOptions) ?? body;
            }
            catch (JsonException)
            {
                return body;
            }
        }

        // No problem document came back (the server was unreachable or answered in plain text): make one of the same shape.
        var problem = new JsonObject
        {
            ["title"] = exception.IsConnectionFailure ? "Unavailable" : "Error",
            ["status"] = exception.StatusCode,
            ["detail"] = exception.Detail,
            ["code"] = exception.Code,
        };
        return problem.ToJsonString(JsonOptions);
    }

    // The relaxed encoder escapes C0 controls but lets C1 controls and bidirectional overrides through, and a body that
    // is not JSON comes back as it was sent. Such characters can only stand inside JSON strings (the indentation is
    // spaces and line feeds), where \uXXXX is the same text to a JSON reader and inert on a terminal.
    private static string EscapeJson(string json)
    {
        if (TextRules.IsPrintable(json, allowLineBreaks: true))
        {
            return json;
        }

        var builder = new System.Text.StringBuilder(json.Length + 16);
        foreach (var c in json)
        {
            builder.Append(TextRules.IsRefused(c, allowLineBreaks: true) ? TextRules.Escape(c.ToString()) : c.ToString());
        }

        return builder.ToString();
    }

    private static IAnsiConsole CreateConsole(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        console.Pipeline.Attach(new EscapingRenderHook());
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
