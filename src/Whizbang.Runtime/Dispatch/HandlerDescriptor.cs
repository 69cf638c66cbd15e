using Microsoft.Extensions.DependencyInjection;

namespace Whizbang.Dispatch;

/// <summary>One handler of a message, as the generator found it.</summary>
/// <param name="HandlerType">The handler class.</param>
/// <param name="Lifetime">Its DI lifetime: the <c>[HandlerLifetime]</c> it declares, else the application's default.</param>
public sealed record HandlerDescriptor(Type HandlerType, ServiceLifetime Lifetime);
