using Microsoft.Extensions.DependencyInjection;
using Whizbang.Dispatch;
using Whizbang.EventSourcing.Aggregates;
using Whizbang.Projections;

namespace Whizbang.Runtime.Tests.Messaging;

/// <summary>
/// This assembly's generated registry as a service's project that declares <c>[assembly: OwnsDomain(...)]</c> gets it:
/// the same messages and handlers, plus the declared domains. (An assembly attribute here would change every test.)
/// </summary>
internal sealed class DomainDeclaringRegistry(params string[] ownedDomains) : HandlerRegistry
{
    private static readonly HandlerRegistry s_generated = Whizbang.Generated.WhizbangRuntimeTestsHandlerRegistry.Instance;

    public override IReadOnlyList<MessageDescriptor> Messages => s_generated.Messages;

    public override IReadOnlyList<AggregateDescriptor> Aggregates => s_generated.Aggregates;

    public override IReadOnlyList<ProjectionDescriptor> Projections => s_generated.Projections;

    public override IReadOnlyList<string> OwnedDomains { get; } = ownedDomains;

    public override void AddHandlers(IServiceCollection services, ServiceLifetime defaultLifetime) => s_generated.AddHandlers(services, defaultLifetime);

    public override IReadOnlyList<MessageRoute> CreateRoutes(ServiceLifetime defaultLifetime) => s_generated.CreateRoutes(defaultLifetime);
}
