using Mediator;

namespace Whizbang.Benchmarks.MediatorDispatch;

public sealed record MediatorPing(int Value) : ICommand<MediatorPong>;

public sealed record MediatorGetValue(int Key) : IQuery<MediatorValue>;

public sealed record MediatorHappened(int Value) : INotification;

public sealed record MediatorPong(int Value);

public sealed record MediatorValue(int Value);
