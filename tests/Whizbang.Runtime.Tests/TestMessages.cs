using Microsoft.Extensions.DependencyInjection;
using Whizbang.Messaging;
using Whizbang.Pipeline.Idempotence;

namespace Whizbang.Runtime.Tests;

[OwnedBy("Tests"), PublicMessage] public sealed record Add(int Left, int Right) : ICommand<int>;

[OwnedBy("Tests"), PublicMessage] public sealed record Record(string Text) : ICommand;

[OwnedBy("Tests")] public readonly record struct Echo(string Text) : IQuery<string>;

[OwnedBy("Tests")] public sealed record Fail(string Reason) : ICommand;

[OwnedBy("Tests")] public sealed record WaitForCancel : ICommand;

[OwnedBy("Tests")] public sealed record Yielding(int Value) : ICommand<int>;

[OwnedBy("Tests"), MessageName("tests.noticed")] public sealed record Noticed(string Text) : IEvent;

[OwnedBy("Tests")] public sealed record Unheard : IEvent;

[OwnedBy("Tests")] public sealed record Explode(bool First, bool Second) : IEvent;

[OwnedBy("Tests")] public readonly record struct Tick(int Count, bool Fail) : IEvent;

/// <summary>An event whose first handler does not complete synchronously: it waits for the probe's gate, or has already failed.</summary>
[OwnedBy("Tests")] public sealed record Staggered(bool FirstFaults) : IEvent;

[OwnedBy("Scopes")] public sealed record WhoAmI : ICommand<Guid>;

[OwnedBy("Scopes")] public sealed record WhoAmINested : ICommand<(Guid Outer, Guid Inner)>;

[OwnedBy("Scopes")] public sealed record CountSingleton : ICommand<int>;

[OwnedBy("Idempotence")] public sealed record Pay(string IdempotencyKey, decimal Amount) : ICommand, IIdempotentMessage;

[OwnedBy("Idempotence")] public sealed record Reserve(string IdempotencyKey) : ICommand<int>, IIdempotentMessage;

#pragma warning disable WHIZ001 // deliberately without a handler: the runtime must refuse it clearly
[OwnedBy("Tests")] public sealed record Orphan : ICommand;

[OwnedBy("Tests")] public sealed record OrphanQuery : IQuery<int>;
#pragma warning restore WHIZ001

/// <summary>What handlers saw, one per container.</summary>
public sealed class Probe
{
    private readonly List<string> _log = [];

    /// <summary>What a handler that should finish later waits for: the test opens it.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    public void Write(string entry)
    {
        lock (_log)
        {
            _log.Add(entry);
        }
    }
}

/// <summary>A scoped service: its id tells which DI scope a handler ran in.</summary>
public sealed class ScopeMarker(Probe probe) : IDisposable
{
    public Guid Id { get; } = Guid.NewGuid();

    public void Dispose() => probe.Write($"disposed {Id}");
}

public static class TestServices
{
    /// <param name="validateOnBuild">
    /// False where every handler is made a singleton: the handlers of other tests that take scoped services could then not
    /// be built, and such a test never resolves them.
    /// </param>
    public static ServiceProvider Build(
        Action<Whizbang.Hosting.WhizbangBuilder>? configure = null, Action<IServiceCollection>? services = null, bool validateOnBuild = true)
    {
        var collection = new ServiceCollection()
            .AddSingleton<Probe>()
            .AddScoped<ScopeMarker>();
        services?.Invoke(collection);
        return collection.AddWhizbang(configure).BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = validateOnBuild });
    }
}
