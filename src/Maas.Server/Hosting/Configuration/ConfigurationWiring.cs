using Maas.Runtime;
using Maas.Server.Hosting;
using Maas.Server.Security;
using Maas.Server.Training;
using Maas.Training.Spec;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Maas.Server.Hosting.Configuration;

/// <summary>Binds every options class from its section of the configuration and validates it when the server starts.</summary>
internal static class ConfigurationWiring
{
    /// <summary>Each subsystem's options class with its validator, in the order <see cref="MaasSettings"/> lists them.</summary>
    public static IReadOnlyList<OptionsBinding> Bindings { get; } =
    [
        new OptionsBinding<StorageOptions, StorageOptionsValidator>(),
        new OptionsBinding<HostingOptions, HostingOptionsValidator>(),
        new OptionsBinding<LimitsOptions, LimitsOptionsValidator>(),
        new OptionsBinding<ModelHostOptions, ModelHostOptionsValidator>(),
        new OptionsBinding<SecurityOptions, SecurityOptionsValidator>(),
        new OptionsBinding<TrainingLimits, TrainingLimitsValidator>(),
        new OptionsBinding<TrainingIsolationOptions, TrainingIsolationOptionsValidator>(),
    ];

    /// <summary>
    /// Registers the options of every subsystem with their validators and <c>ValidateOnStart</c>. Needs an
    /// <see cref="Microsoft.Extensions.Configuration.IConfiguration"/> in the container.
    /// </summary>
    public static IServiceCollection AddMaasOptions(this IServiceCollection services) => services.AddMaasOptions(validate: true);

    /// <summary>Registers the bindings, with the validators only when <paramref name="validate"/>.</summary>
    internal static IServiceCollection AddMaasOptions(this IServiceCollection services, bool validate)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var binding in Bindings)
        {
            binding.Register(services, validate);
        }

        // One limit with two users: the codecs check requests against it, and the model host refuses a version that
        // declares larger tensors before it builds a session.
        services.AddOptions<ModelHostOptions>()
            .Configure<IOptions<LimitsOptions>>((host, limits) => host.MaxTensorElements = limits.Value.MaxTensorElements);
        return services;
    }
}

/// <summary>One options class: how it is registered, read back and checked.</summary>
internal abstract class OptionsBinding
{
    public abstract Type OptionsType { get; }

    public abstract void Register(IServiceCollection services, bool validate);

    /// <summary>The bound options, from a container where they were registered.</summary>
    public abstract object Get(IServiceProvider services);

    /// <summary>The validator's sentences about <paramref name="options"/>; empty when they are fine.</summary>
    public abstract IEnumerable<string> Validate(object options);
}

internal sealed class OptionsBinding<TOptions, TValidator> : OptionsBinding
    where TOptions : class
    where TValidator : class, IValidateOptions<TOptions>, new()
{
    public override Type OptionsType => typeof(TOptions);

    public override void Register(IServiceCollection services, bool validate)
    {
        var builder = services.AddOptions<TOptions>().BindConfiguration(MaasSettings.SectionOf<TOptions>());
        if (validate)
        {
            builder.ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        }
    }

    public override object Get(IServiceProvider services) => services.GetRequiredService<IOptions<TOptions>>().Value;

    public override IEnumerable<string> Validate(object options) =>
        new TValidator().Validate(null, (TOptions)options) is { Failed: true } result ? result.Failures : [];
}
