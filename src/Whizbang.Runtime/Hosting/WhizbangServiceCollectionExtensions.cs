using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Whizbang.Dispatch;
using Whizbang.Messaging;
using Whizbang.Tenancy;

namespace Whizbang.Hosting;

/// <summary>Registers Whizbang with a container.</summary>
public static class WhizbangServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IWhizbang"/>, the message catalogue and every handler of <paramref name="registry"/>.
    /// Applications call the generated <c>services.AddWhizbang()</c>, which passes their generated registry here.
    /// </summary>
    public static IServiceCollection AddWhizbang(this IServiceCollection services, HandlerRegistry registry, Action<WhizbangBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registry);

        var options = services.FirstOrDefault(d => d.ServiceType == typeof(WhizbangOptions))?.ImplementationInstance as WhizbangOptions;
        if (options is null)
        {
            options = new WhizbangOptions();
            services.AddSingleton(options);
        }

        configure?.Invoke(new WhizbangBuilder(services, options));

        services.TryAddSingleton(registry);
        services.TryAddSingleton<IMessageCatalog, MessageCatalog>();
        services.TryAddSingleton<IWhizbang, WhizbangDispatcher>();
        registry.AddHandlers(services, options.HandlerLifetime);
        EventSourcingRegistration.Add(services, registry, options);
        MessagingRegistration.Add(services, registry, options);
        var inline = ProjectionRegistration.Add(services, registry, options);
        // Innermost first: inline projections, then publishing appended events, then the tenant policy in front of all.
        options.DecoratedEventStore = EventStoreDecoration.Decorate(services, (store, provider) => new TenantPolicyEventStore(
            MessagingRegistration.Wrap(inline.Count > 0 ? InlineProjectionRegistration.Wrap(store, provider, inline) : store, provider, options),
            options.Tenancy), options.DecoratedEventStore)
            ?? options.DecoratedEventStore;

        return services;
    }
}
