namespace Whizbang.Pipeline.Authorization;

/// <summary>
/// Decides whether the current principal may dispatch a message. The application supplies it (for example
/// from claims of the envelope's user); <see cref="AuthorizationBehavior"/> asks it before any handler runs.
/// </summary>
public interface IMessageAuthorizer
{
    /// <summary>Returns null to allow, or the reason for refusing.</summary>
    ValueTask<string?> AuthorizeAsync(object message, DispatchContext context, CancellationToken cancellationToken);
}
