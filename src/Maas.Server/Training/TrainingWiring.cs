using Maas.Server.Training.Worker;
using Microsoft.Extensions.Options;

namespace Maas.Server.Training;

/// <summary>Registers datasets and training jobs with the server: services, the background runner, the endpoints.</summary>
internal static class TrainingWiring
{
    /// <summary>Adds the training services; their limits are the options of section <c>Maas:Training</c>.</summary>
    public static IServiceCollection AddMaasTraining(this IServiceCollection services)
    {
        services.AddSingleton<TrainingSettings>();
        services.AddSingleton<DatasetService>();
        services.AddSingleton<JobEvents>();
        services.AddSingleton<IJobTrainer>(CreateTrainer);
        services.AddSingleton<JobEnvironment>();
        services.AddSingleton<JobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());
        services.AddSingleton<JobService>();
        return services;
    }

    /// <summary>A worker process per job, or the server's own process, as <see cref="TrainingIsolationOptions.Isolation"/> says.</summary>
    private static IJobTrainer CreateTrainer(IServiceProvider services)
    {
        var isolation = services.GetRequiredService<IOptions<TrainingIsolationOptions>>().Value.Isolation;
        var worker = string.Equals(isolation, TrainingIsolationOptions.InProcess, StringComparison.OrdinalIgnoreCase) ? null : WorkerCommand.OfThisProcess();
        return worker is null
            ? new InProcessJobTrainer(services.GetRequiredService<TimeProvider>())
            : new WorkerJobTrainer(worker, services.GetRequiredService<TrainingSettings>().Limits, services.GetRequiredService<ILogger<WorkerJobTrainer>>());
    }

    /// <summary>Maps <c>/datasets</c> and <c>/jobs</c> under the API group.</summary>
    public static RouteGroupBuilder MapTrainingEndpoints(this RouteGroupBuilder api)
    {
        api.MapDatasetEndpoints();
        api.MapJobEndpoints();
        return api;
    }
}
