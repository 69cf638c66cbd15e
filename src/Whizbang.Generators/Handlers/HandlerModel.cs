using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Handlers;

/// <summary>One handler interface implemented by one handler class.</summary>
/// <param name="HandlerTypeName">Fully qualified handler class, with <c>global::</c>.</param>
/// <param name="MessageTypeName">Fully qualified message type it handles.</param>
/// <param name="InterfaceTypeName">The closed handler interface, for calls to explicit implementations.</param>
/// <param name="Lifetime">The <c>ServiceLifetime</c> member name from <c>[HandlerLifetime]</c>, or null for the application default.</param>
/// <param name="IsExplicit">True when <c>HandleAsync</c> is implemented explicitly, so the call goes through the interface.</param>
internal sealed record HandlerModel(
    string HandlerTypeName,
    string MessageTypeName,
    string InterfaceTypeName,
    MessageKindModel Kind,
    string? Lifetime,
    bool IsExplicit,
    LocationInfo? Location);
