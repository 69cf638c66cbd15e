namespace Whizbang.Messaging;

/// <summary>A fact that happened. Published to every handler of its type; zero handlers is fine.</summary>
public interface IEvent : IMessage;
