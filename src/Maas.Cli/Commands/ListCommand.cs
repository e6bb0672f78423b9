using System.CommandLine;
using Maas.Cli.Help;
using Maas.Cli.Output;
using Maas.Core.Registry;

namespace Maas.Cli.Commands;

/// <summary><c>maas models list</c>: the registered models, by name, a page at a time or all of them.</summary>
internal static class ListCommand
{
    public static Command Create(ClientOptions options)
    {
        var pageSize = new Option<int?>("--page-size")
        {
            HelpName = "N",
            Description = $"How many models per page, 1 to {RegistryLimits.MaxPageSize}. Default: {RegistryLimits.DefaultPageSize}.",
        };
        pageSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > RegistryLimits.MaxPageSize)
            {
                result.AddError($"--page-size must be between 1 and {RegistryLimits.MaxPageSize}.");
            }
        });
        var pageToken = new Option<string>("--page-token") { HelpName = "TOKEN", Description = "Start at this page, as printed after the previous one." };
        var all = new Option<bool>("--all") { Description = "Follow every page and list all models." };
        var command = new Command("list", "List the registered models, ordered by name.") { pageSize, pageToken, all }
            .WithExamples("maas models list", "maas models list --all --json");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var page = await context.Client.ListModelsAsync(context.GetOptional(pageSize), context.GetOptional(pageToken), cancellationToken);
            if (context.GetOptional(all))
            {
                var models = new List<ModelInfo>(page.Models);
                while (page.NextPageToken is { } next)
                {
                    page = await context.Client.ListModelsAsync(context.GetOptional(pageSize), next, cancellationToken);
                    models.AddRange(page.Models);
                }

                page = new ModelPage(models, null);
            }

            if (context.Output.Json)
            {
                context.Output.WriteJson(page);
                return;
            }

            if (page.Models.Count == 0)
            {
                context.Output.Line("No models.");
                context.Output.Hint("Create one with: maas models create NAME");
                return;
            }

            context.Output.Out.Write(ModelViews.List(page.Models));
            if (page.NextPageToken is { } token)
            {
                context.Output.Hint($"More models follow: add --page-token {token}, or use --all.");
            }
        });
        return command;
    }
}
