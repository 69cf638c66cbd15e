namespace Whizbang.Generators.Handlers;

/// <summary>Mirrors <c>Whizbang.Messaging.MessageKind</c>; the names must match, they are emitted as-is.</summary>
internal enum MessageKindModel
{
    Command,
    CommandWithResult,
    Query,
    Event,
}
