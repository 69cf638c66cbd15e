using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Handlers;

/// <summary>One message and the handlers the generated route calls, in order.</summary>
/// <param name="ClassName">The generated route class's name, unique within the registry.</param>
internal sealed record RouteModel(string ClassName, MessageModel Message, EquatableArray<HandlerModel> Handlers);
