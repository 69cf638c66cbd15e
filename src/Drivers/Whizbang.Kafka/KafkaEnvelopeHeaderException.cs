namespace Whizbang.Kafka;

/// <summary>
/// The headers of a Kafka message do not hold a valid Whizbang envelope; <see cref="HeaderName"/> and
/// <see cref="Problem"/> say which header and what is wrong with it. Reading the same bytes again gives the same
/// answer, so a consumer should dead-letter such a message rather than retry it.
/// </summary>
public sealed class KafkaEnvelopeHeaderException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="headerName">The header at fault, for example <c>whizbang-tenant-id</c>.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="description">The problem in words, completing "header 'name' ...", for example "is missing".</param>
    /// <param name="messageId">The message's id, when its own header could be read.</param>
    /// <param name="innerException">The rule that refused the value, if any.</param>
    public KafkaEnvelopeHeaderException(string headerName, KafkaEnvelopeHeaderProblem problem, string description, Guid? messageId = null, Exception? innerException = null)
        : base($"Cannot read the Whizbang envelope{(messageId is { } id ? $" of message {id}" : string.Empty)} from Kafka headers: header '{headerName}' {description}", innerException)
    {
        HeaderName = headerName;
        Problem = problem;
        MessageId = messageId;
    }

    /// <summary>The header at fault.</summary>
    public string HeaderName { get; }

    /// <summary>What is wrong with it.</summary>
    public KafkaEnvelopeHeaderProblem Problem { get; }

    /// <summary>The message's id when its own header could be read, to find the message in logs and dead letters.</summary>
    public Guid? MessageId { get; }
}
