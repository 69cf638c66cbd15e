using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Whizbang.Pipeline;
using Whizbang.Pipeline.Authorization;
using Whizbang.Pipeline.Idempotence;
using Whizbang.Pipeline.Validation;

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

    /// <summary>Appends <see cref="AuthorizationBehavior"/>: the registered <see cref="IMessageAuthorizer"/> must allow every dispatch.</summary>
    public WhizbangBuilder UseAuthorization() => AddBehavior<AuthorizationBehavior>();

    /// <summary>
    /// Appends <see cref="IdempotenceBehavior"/> for <see cref="IIdempotentMessage"/>s, with an in-memory key store
    /// unless an <see cref="IIdempotencyStore"/> is registered.
    /// </summary>
    public WhizbangBuilder UseIdempotence()
    {
        Services.TryAddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
        return AddBehavior<IdempotenceBehavior>();
    }
}
