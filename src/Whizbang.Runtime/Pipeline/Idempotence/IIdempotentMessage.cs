namespace Whizbang.Pipeline.Idempotence;

/// <summary>A message whose effect must happen once per key, however often it is sent (retries, double clicks).</summary>
public interface IIdempotentMessage
{
    /// <summary>The key that identifies this request, for example an HTTP <c>Idempotency-Key</c> header.</summary>
    string IdempotencyKey { get; }
}
