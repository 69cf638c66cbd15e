using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Whizbang.Tenancy;

namespace Whizbang.Hosting;

/// <summary>Settings fixed when the container is built.</summary>
public sealed class WhizbangOptions
{
    /// <summary>
    /// Lifetime of handlers that do not declare <c>[HandlerLifetime]</c>. Scoped by default: each dispatch gets
    /// its own scope, as a message would in a distributed consumer. Singleton handlers dispatch without allocating.
    /// </summary>
    public ServiceLifetime HandlerLifetime { get; internal set; } = ServiceLifetime.Scoped;

    /// <summary>Tenant limits and the claim types of the authorization stage (<see cref="WhizbangBuilder.ConfigureTenancy"/>).</summary>
    public TenancyOptions Tenancy { get; } = new();

    /// <summary>
    /// The registration that wraps the chosen event store (inline projections, then the tenant policy): a later
    /// AddWhizbang call wraps the store again only if it was replaced since.
    /// </summary>
    internal ServiceDescriptor? DecoratedEventStore { get; set; }

    /// <summary>The JSON metadata of stored events, in the order given to <c>UseEventSourcing</c>; empty when event sourcing is off.</summary>
    internal List<IJsonTypeInfoResolver> EventJsonResolvers { get; } = [];

    /// <summary>Projection settings in the order given: each gets the projection's name and its options.</summary>
    internal List<Action<string, Whizbang.Projections.ProjectionOptions>> ProjectionConfigurations { get; } = [];

    /// <summary>The options of the projection named <paramref name="projection"/>, after every configuration, validated.</summary>
    internal Whizbang.Projections.ProjectionOptions ProjectionOptionsFor(string projection)
    {
        var options = new Whizbang.Projections.ProjectionOptions();
        foreach (var configure in ProjectionConfigurations)
        {
            configure(projection, options);
        }

        return options.Validated(projection);
    }

    /// <summary>Distributed messaging's settings, or null when every message stays in process.</summary>
    internal Whizbang.Transport.MessagingOptions? Messaging { get; set; }

    /// <summary>Whether the hosted projection daemon runs in this process.</summary>
    internal bool RunProjectionDaemon { get; set; } = true;
}
