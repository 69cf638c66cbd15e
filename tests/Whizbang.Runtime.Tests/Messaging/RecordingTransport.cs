using Whizbang.Outbox;
using Whizbang.Transport;

namespace Whizbang.Runtime.Tests.Messaging;

/// <summary>
/// A transport that records what the relay hands it. It can be told to fail chosen messages (transiently or for
/// good, a number of times) and to hold its sends until released, to catch a relay in the middle of a batch.
/// </summary>
public sealed class RecordingTransport : IMessageTransport
{
    private readonly Lock _gate = new();
    private readonly List<OutboxMessage> _delivered = [];
    private readonly List<IReadOnlyList<OutboxMessage>> _batches = [];
    private readonly Dictionary<Guid, (string Error, bool Permanent, int Remaining)> _failures = [];
    private Hold? _hold;

    /// <summary>The messages acknowledged, in order.</summary>
    public IReadOnlyList<OutboxMessage> Delivered
    {
        get
        {
            lock (_gate)
            {
                return [.. _delivered];
            }
        }
    }

    /// <summary>Every batch the relay sent, failed messages included.</summary>
    public IReadOnlyList<IReadOnlyList<OutboxMessage>> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches];
            }
        }
    }

    /// <summary>How many times <paramref name="messageId"/> was handed to the transport.</summary>
    public int AttemptsOf(Guid messageId)
    {
        lock (_gate)
        {
            return _batches.Sum(b => b.Count(m => m.MessageId == messageId));
        }
    }

    /// <summary>Fails the next <paramref name="times"/> sends of <paramref name="messageId"/> with <paramref name="error"/>.</summary>
    public void Fail(Guid messageId, string error, bool permanent = false, int times = int.MaxValue)
    {
        lock (_gate)
        {
            _failures[messageId] = (error, permanent, times);
        }
    }

    /// <summary>Makes the next send wait until the returned hold is released.</summary>
    public Hold HoldNextSend()
    {
        lock (_gate)
        {
            return _hold = new Hold();
        }
    }

    public async ValueTask<IReadOnlyList<SendFailure>> SendAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        Hold? hold;
        lock (_gate)
        {
            hold = _hold;
            _hold = null;
        }

        if (hold is not null)
        {
            hold.Entered.TrySetResult();
            await hold.Released.Task.WaitAsync(cancellationToken);
        }

        var failures = new List<SendFailure>();
        lock (_gate)
        {
            _batches.Add([.. messages]);
            foreach (var message in messages)
            {
                if (_failures.TryGetValue(message.MessageId, out var failure) && failure.Remaining > 0)
                {
                    _failures[message.MessageId] = failure with { Remaining = failure.Remaining - 1 };
                    failures.Add(new SendFailure(message.MessageId, failure.Error, failure.Permanent));
                }
                else
                {
                    _delivered.Add(message);
                }
            }
        }

        return failures;
    }

    public sealed class Hold
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => Released.TrySetResult();
    }
}
