using Microsoft.Extensions.DependencyInjection;
using Whizbang.Dispatch;

namespace Whizbang.Conformance;

/// <summary>
/// The registry of an application without messages or handlers: enough for <c>AddWhizbang</c> to wire the stores a
/// driver chooses, which is what these tests check. (This project does not run Whizbang's generator.)
/// </summary>
internal sealed class EmptyHandlerRegistry : HandlerRegistry
{
    public static readonly EmptyHandlerRegistry Instance = new();

    public override IReadOnlyList<MessageDescriptor> Messages => [];

    public override void AddHandlers(IServiceCollection services, ServiceLifetime defaultLifetime)
    {
    }

    public override IReadOnlyList<MessageRoute> CreateRoutes(ServiceLifetime defaultLifetime) => [];
}
