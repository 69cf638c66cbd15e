using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Whizbang.EventSourcing;

namespace Whizbang.Hosting;

/// <summary>Wraps the event store the application chose (however it registered it) in a decorator.</summary>
internal static class EventStoreDecoration
{
    /// <summary>Does nothing without a registered store: whatever needs one reports it when it starts.</summary>
    public static void Decorate(IServiceCollection services, Func<IEventStore, IServiceProvider, IEventStore> decorate)
    {
        if (services.LastOrDefault(d => d.ServiceType == typeof(IEventStore) && !d.IsKeyedService) is not { } chosen)
        {
            return;
        }

        services.Replace(ServiceDescriptor.Singleton<IEventStore>(provider => decorate(Create(chosen, provider), provider)));
    }

    private static IEventStore Create(ServiceDescriptor chosen, IServiceProvider provider)
        => (IEventStore)(chosen.ImplementationInstance
            ?? chosen.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, chosen.ImplementationType!));
}
