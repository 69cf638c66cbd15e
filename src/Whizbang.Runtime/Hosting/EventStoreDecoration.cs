using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Whizbang.EventSourcing;

namespace Whizbang.Hosting;

/// <summary>Wraps the event store the application chose (however it registered it) in a decorator.</summary>
internal static class EventStoreDecoration
{
    /// <summary>
    /// Returns the decorated registration, or null without a registered store (whatever needs one reports it when it
    /// starts) or when <paramref name="done"/> is the current registration already.
    /// </summary>
    public static ServiceDescriptor? Decorate(IServiceCollection services, Func<IEventStore, IServiceProvider, IEventStore> decorate, ServiceDescriptor? done = null)
    {
        if (Chosen(services) is not { } chosen || ReferenceEquals(chosen, done))
        {
            return null;
        }

        var decorated = ServiceDescriptor.Singleton<IEventStore>(provider => decorate(Create(chosen, provider), provider));
        services.Replace(decorated);
        return decorated;
    }

    private static ServiceDescriptor? Chosen(IServiceCollection services)
        => services.LastOrDefault(d => d.ServiceType == typeof(IEventStore) && !d.IsKeyedService);

    private static IEventStore Create(ServiceDescriptor chosen, IServiceProvider provider)
        => (IEventStore)(chosen.ImplementationInstance
            ?? chosen.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, chosen.ImplementationType!));
}
