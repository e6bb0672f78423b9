using System.CommandLine;
using Maas.Server;

namespace Maas.Cli.Commands;

/// <summary>
/// The <c>maas serve</c> settings for API keys: the per-key request rate flags, and the admin key, which comes only from
/// <c>MAAS_ADMIN_KEY</c> because a key on a command line is visible to every user of the machine (<c>ps</c>).
/// </summary>
internal sealed class ServeSecurityOptions
{
    public const string AdminKeyVariable = "MAAS_ADMIN_KEY";

    private readonly Option<double> _rateLimit;
    private readonly Option<int> _rateBurst;

    public ServeSecurityOptions(MaasServerOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        _rateLimit = new Option<double>("--rate-limit")
        {
            HelpName = "N",
            Description = "Requests per second each API key may make on average; over it, 429 with Retry-After. 0 turns the limit off.",
            DefaultValueFactory = _ => defaults.RequestsPerSecondPerKey,
        };
        _rateLimit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or double.NaN)
            {
                result.AddError("--rate-limit must be 0 (off) or more.");
            }
        });
        _rateBurst = new Option<int>("--rate-burst")
        {
            HelpName = "N",
            Description = "How many requests a key may make at once before --rate-limit applies.",
            DefaultValueFactory = _ => defaults.RequestBurstPerKey,
        };
        _rateBurst.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--rate-burst must be at least 1.");
            }
        });
    }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_rateLimit);
        command.Options.Add(_rateBurst);
    }

    /// <summary>Copies the flags and <c>MAAS_ADMIN_KEY</c> into <paramref name="options"/>; the server checks the key's format.</summary>
    public void ApplyTo(ParseResult parseResult, MaasServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(options);
        options.RequestsPerSecondPerKey = parseResult.GetValue(_rateLimit);
        options.RequestBurstPerKey = parseResult.GetValue(_rateBurst);
        options.AdminKey = Environment.GetEnvironmentVariable(AdminKeyVariable) is { Length: > 0 } key ? key.Trim() : null;
    }
}
