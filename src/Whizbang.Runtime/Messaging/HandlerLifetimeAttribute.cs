using Microsoft.Extensions.DependencyInjection;

namespace Whizbang.Messaging;

/// <summary>Overrides the default DI lifetime (see <c>WhizbangBuilder.UseHandlerLifetime</c>) for one handler class.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class HandlerLifetimeAttribute(ServiceLifetime lifetime) : Attribute
{
    /// <summary>The lifetime the handler is registered with.</summary>
    public ServiceLifetime Lifetime { get; } = lifetime;
}
