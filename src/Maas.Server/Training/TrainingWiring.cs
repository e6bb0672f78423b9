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
        services.AddSingleton<JobEnvironment>();
        services.AddSingleton<JobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());
        services.AddSingleton<JobService>();
        return services;
    }

    /// <summary>Maps <c>/datasets</c> and <c>/jobs</c> under the API group.</summary>
    public static RouteGroupBuilder MapTrainingEndpoints(this RouteGroupBuilder api)
    {
        api.MapDatasetEndpoints();
        api.MapJobEndpoints();
        return api;
    }
}
