using System.CommandLine;

namespace Maas.Cli.Commands;

/// <summary>The positional arguments the model commands share.</summary>
internal static class ModelArguments
{
    public static Argument<string> Name(string description = "The model's name.") => Segment("NAME", description);

    public static Argument<string> Alias(string description) => Segment("ALIAS", description);

    public static Argument<int> Version(string description = "The version number.") => new("VERSION") { Description = description };

    // Names are checked by the server, which states the rule; "." and ".." cannot even be put in a URL path.
    private static Argument<string> Segment(string helpName, string description)
    {
        var argument = new Argument<string>(helpName) { Description = description };
        argument.Validators.Add(result =>
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (value is "" or "." or "..")
            {
                result.AddError($"'{value}' is not a valid {helpName.ToLowerInvariant()}.");
            }
        });
        return argument;
    }
}
