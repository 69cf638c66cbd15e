using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Whizbang.EventSourcing;
using Whizbang.Outbox;
using Whizbang.Pipeline;
using Whizbang.Projections;
using Whizbang.Projections.Storage;
using Whizbang.Pipeline.Authorization;
using Whizbang.Pipeline.Idempotence;
using Whizbang.Pipeline.Validation;
using Whizbang.Tenancy;
using Whizbang.Transport;

namespace Whizbang.Hosting;

/// <summary>Configures Whizbang inside <c>services.AddWhizbang(b => ...)</c>. Every call is safe to repeat.</summary>
public sealed class WhizbangBuilder
{
    internal WhizbangBuilder(IServiceCollection services, WhizbangOptions options)
    {
        Services = services;
        Options = options;
    }

    /// <summary>The service collection being configured, for drivers' <c>UseX</c> extensions.</summary>
    public IServiceCollection Services { get; }

    internal WhizbangOptions Options { get; }

    /// <summary>Sets the lifetime of handlers that do not declare <c>[HandlerLifetime]</c>.</summary>
    public WhizbangBuilder UseHandlerLifetime(ServiceLifetime lifetime)
    {
        if (!Enum.IsDefined(lifetime))
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "Not a ServiceLifetime.");
        }

        Options.HandlerLifetime = lifetime;
        return this;
    }

    /// <summary>
    /// Appends a pipeline behaviour (a singleton). Behaviours run in the order they are added, the first
    /// outermost; adding the same type twice keeps its first position.
    /// </summary>
    public WhizbangBuilder AddBehavior<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TBehavior>()
        where TBehavior : class, IPipelineBehavior
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPipelineBehavior, TBehavior>());
        return this;
    }

    /// <summary>Appends a pipeline behaviour instance. The same instance added twice runs once.</summary>
    public WhizbangBuilder AddBehavior(IPipelineBehavior behavior)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        if (!Services.Any(d => d.ServiceType == typeof(IPipelineBehavior) && ReferenceEquals(d.ImplementationInstance, behavior)))
        {
            Services.AddSingleton(behavior);
        }

        return this;
    }

    /// <summary>Appends <see cref="ValidationBehavior"/>: every registered <see cref="IMessageValidator{TMessage}"/> runs before the handler.</summary>
    public WhizbangBuilder UseValidation() => AddBehavior<ValidationBehavior>();

    /// <summary>
    /// Appends <see cref="AuthorizationBehavior"/>: a command or query runs only when the caller holds every permission
    /// it declares (or it is public), and a registered <see cref="IMessageAuthorizer"/> allows it.
    /// </summary>
    public WhizbangBuilder UseAuthorization() => AddBehavior<AuthorizationBehavior>();

    /// <summary>Sets tenant limits and the claim type holding the caller's permissions.</summary>
    /// <example><c>b.ConfigureTenancy(t => t.DefaultLimits = new() { MaxStreams = 10_000 })</c></example>
    public WhizbangBuilder ConfigureTenancy(Action<TenancyOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(Options.Tenancy);
        return this;
    }

    /// <summary>
    /// Appends <see cref="IdempotenceBehavior"/> for <see cref="IIdempotentMessage"/>s, with an in-memory key store
    /// unless an <see cref="IIdempotencyStore"/> is registered.
    /// </summary>
    public WhizbangBuilder UseIdempotence()
    {
        Services.TryAddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
        return AddBehavior<IdempotenceBehavior>();
    }

    /// <summary>
    /// Turns on event sourcing: repositories for every generated aggregate, the scoped <c>IUnitOfWork</c> and the
    /// <c>EventSerializer</c>, which serializes events with <paramref name="jsonContext"/> (your source-generated
    /// <c>JsonSerializerContext</c>, with a <c>[JsonSerializable(typeof(...))]</c> per event). Calling it again with
    /// another context adds that context (its types are looked up after the earlier ones'; the first context's
    /// options, such as its naming policy, apply to all). Needs an event store: <see cref="UseInMemoryEventStore"/>,
    /// <see cref="UseEventStore(IEventStore)"/> or a driver's <c>UseXxxEventStore</c>.
    /// </summary>
    public WhizbangBuilder UseEventSourcing(IJsonTypeInfoResolver jsonContext)
    {
        ArgumentNullException.ThrowIfNull(jsonContext);
        if (!Options.EventJsonResolvers.Contains(jsonContext))
        {
            Options.EventJsonResolvers.Add(jsonContext);
        }

        return this;
    }

    /// <summary>
    /// Turns on distributed messaging: this service runs the commands of the domains it owns (those its project
    /// declares with <c>[assembly: OwnsDomain("...")]</c>, plus any given to <see cref="MessagingOptions.Own"/>) and
    /// publishes their events; other domains' commands and every owned event leave through the outbox, which commits
    /// with the events of the dispatch that sent them, and a relay sends them over the transport (a driver's <c>UseKafka</c>).
    /// <paramref name="jsonContext"/> lists the messages that travel (it joins the contexts of <see cref="UseEventSourcing"/>).
    /// Needs an event store whose driver keeps an outbox (in memory, SQLite, PostgreSQL).
    /// </summary>
    /// <example><c>b.UseMessaging(ShopJson.Default, m => { m.ServiceName = "orders"; m.Own("Orders"); })</c></example>
    public WhizbangBuilder UseMessaging(IJsonTypeInfoResolver jsonContext, Action<MessagingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        UseEventSourcing(jsonContext);
        configure(Options.Messaging ??= new MessagingOptions());
        return this;
    }

    /// <summary>Uses <paramref name="store"/> as the event store (a singleton), replacing an earlier choice.</summary>
    public WhizbangBuilder UseEventStore(IEventStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        Services.Replace(ServiceDescriptor.Singleton(store));
        return this;
    }

    /// <summary>Uses a <typeparamref name="TStore"/> created by the container (a singleton) as the event store, replacing an earlier choice.</summary>
    public WhizbangBuilder UseEventStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>()
        where TStore : class, IEventStore
    {
        Services.Replace(ServiceDescriptor.Singleton<IEventStore, TStore>());
        return this;
    }

    /// <summary>
    /// Uses an <see cref="InMemoryEventStore"/> as the event store, an <see cref="InMemoryProjectionStorage"/> for
    /// projections and an <see cref="InMemoryMessageStore"/> for the outbox and inbox (one each per container; nothing
    /// survives the process), replacing earlier choices.
    /// </summary>
    public WhizbangBuilder UseInMemoryEventStore()
    {
        Services.Replace(ServiceDescriptor.Singleton(static services => new InMemoryEventStore(services.GetService<TimeProvider>())));
        Services.Replace(ServiceDescriptor.Singleton<IEventStore>(static services => services.GetRequiredService<InMemoryEventStore>()));
        Services.Replace(ServiceDescriptor.Singleton<IProjectionStorage>(static services
            => new InMemoryProjectionStorage(services.GetService<TimeProvider>(), services.GetRequiredService<InMemoryEventStore>())));
        Services.Replace(ServiceDescriptor.Singleton<IMessageStore>(static services
            => new InMemoryMessageStore(services.GetService<TimeProvider>(), services.GetRequiredService<InMemoryEventStore>())));
        return this;
    }

    /// <summary>
    /// Keeps each tenant's events, projections, outbox and inbox in in-memory stores of its own (a database per tenant,
    /// for tests and development), replacing earlier choices. <paramref name="configure"/> adds the tenants; an unknown
    /// tenant's reads and writes fail with <see cref="UnknownTenantException"/>.
    /// </summary>
    /// <example><c>b.UseInMemoryEventStorePerTenant(tenants => tenants.Add("acme").Add("globex"))</c></example>
    public WhizbangBuilder UseInMemoryEventStorePerTenant(Action<InMemoryTenantStores> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return UseStoresPerTenant(services =>
        {
            var tenants = new InMemoryTenantStores(services.GetService<TimeProvider>());
            configure(tenants);
            return tenants;
        });
    }

    /// <summary>
    /// Keeps each tenant's data in the stores that <typeparamref name="TCatalogue"/> gives it (a schema or a database
    /// per tenant), replacing earlier choices: <see cref="IEventStore"/>, <see cref="IProjectionStorage"/> and
    /// <see cref="IMessageStore"/> route every call to the stores of the tenant it concerns, and Whizbang runs a projection
    /// daemon, an outbox relay and a purge per tenant. The catalogue is a singleton, resolvable as
    /// <typeparamref name="TCatalogue"/> and as <see cref="TenantStoreCatalogue"/> to add tenants while the application runs.
    /// Drivers call it from their <c>UseXxxPerTenant</c> methods.
    /// </summary>
    public WhizbangBuilder UseStoresPerTenant<TCatalogue>(Func<IServiceProvider, TCatalogue> create)
        where TCatalogue : TenantStoreCatalogue
    {
        ArgumentNullException.ThrowIfNull(create);
        Services.Replace(ServiceDescriptor.Singleton(create));
        if (typeof(TCatalogue) != typeof(TenantStoreCatalogue))
        {
            Services.Replace(ServiceDescriptor.Singleton<TenantStoreCatalogue>(static services => services.GetRequiredService<TCatalogue>()));
        }

        Services.Replace(ServiceDescriptor.Singleton<IEventStore>(static services => new TenantRoutedEventStore(services.GetRequiredService<TenantStoreCatalogue>())));
        Services.Replace(ServiceDescriptor.Singleton<IProjectionStorage>(static services
            => new TenantRoutedProjectionStorage(services.GetRequiredService<TenantStoreCatalogue>())));
        Services.Replace(ServiceDescriptor.Singleton<IMessageStore>(static services => new TenantRoutedMessageStore(services.GetRequiredService<TenantStoreCatalogue>())));
        return this;
    }

    /// <summary>
    /// Keeps projections' documents, checkpoints and leases in <paramref name="storage"/> (a singleton), replacing an
    /// earlier choice. The event store drivers' <c>UseXxxEventStore</c> calls choose their database's storage already.
    /// </summary>
    public WhizbangBuilder UseProjectionStorage(IProjectionStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        Services.Replace(ServiceDescriptor.Singleton(storage));
        return this;
    }

    /// <summary>Configures every projection (for example its batch size); later calls and <see cref="ConfigureProjection"/> win.</summary>
    public WhizbangBuilder ConfigureProjections(Action<ProjectionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Options.ProjectionConfigurations.Add((_, options) => configure(options));
        return this;
    }

    /// <summary>Configures the projection named <paramref name="projection"/> (for example to skip poison events).</summary>
    public WhizbangBuilder ConfigureProjection(string projection, Action<ProjectionOptions> configure)
    {
        ArgumentException.ThrowIfNullOrEmpty(projection);
        ArgumentNullException.ThrowIfNull(configure);
        Options.ProjectionConfigurations.Add((name, options) =>
        {
            if (name == projection)
            {
                configure(options);
            }
        });
        return this;
    }

    /// <summary>
    /// Whether this process runs the hosted projection daemon (it does by default when the application has
    /// projections). Turn it off on replicas that should only read; <see cref="IProjectionManager"/> still works.
    /// </summary>
    public WhizbangBuilder RunProjectionDaemon(bool run)
    {
        Options.RunProjectionDaemon = run;
        return this;
    }
}
