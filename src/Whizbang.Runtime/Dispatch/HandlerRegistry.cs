using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.Projections;

namespace Whizbang.Dispatch;

/// <summary>
/// What the generator found in an application and the assemblies it references: every message, every
/// handler and the routes between them. The generated subclass is passed to <c>AddWhizbang</c>; the
/// runtime never discovers anything on its own.
/// </summary>
public abstract class HandlerRegistry
{
    /// <summary>Every message type, sorted by name: the catalogue and ownership map.</summary>
    public abstract IReadOnlyList<MessageDescriptor> Messages { get; }

    /// <summary>Every event-sourced aggregate, sorted by type name; <c>AddWhizbang</c> registers a repository for each.</summary>
    public virtual IReadOnlyList<AggregateDescriptor> Aggregates => [];

    /// <summary>Every projection, sorted by type name; <c>AddWhizbang</c> registers each with its store and worker.</summary>
    public virtual IReadOnlyList<ProjectionDescriptor> Projections => [];

    /// <summary>
    /// The domains the application declares it owns with <c>[assembly: OwnsDomain("...")]</c>, sorted (ordinal);
    /// empty when it declares none (a monolith, which owns every domain). With <c>UseMessaging</c> the service owns
    /// these domains plus those given to <c>MessagingOptions.Own</c>.
    /// </summary>
    public virtual IReadOnlyList<string> OwnedDomains => [];

    /// <summary>Registers every handler class, each with its <c>[HandlerLifetime]</c> or <paramref name="defaultLifetime"/>.</summary>
    public abstract void AddHandlers(IServiceCollection services, ServiceLifetime defaultLifetime);

    /// <summary>Creates fresh routes (they cache singleton handlers, so each container gets its own).</summary>
    public abstract IReadOnlyList<MessageRoute> CreateRoutes(ServiceLifetime defaultLifetime);

    /// <summary>Registers one handler class unless it is already registered; called by generated code.</summary>
    protected static void AddHandler(
        IServiceCollection services,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type handlerType,
        ServiceLifetime lifetime)
        => services.TryAdd(new ServiceDescriptor(handlerType, handlerType, lifetime));
}
