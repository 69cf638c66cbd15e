using Confluent.Kafka;

namespace Whizbang.Kafka;

/// <summary>Which Kafka errors sending again cannot cure, so the outbox dead-letters the message at once.</summary>
internal static class KafkaErrors
{
    public static bool IsPermanent(Error error) => error.Code is
        ErrorCode.MsgSizeTooLarge or ErrorCode.InvalidMsg or ErrorCode.InvalidMsgSize
        or ErrorCode.TopicAuthorizationFailed or ErrorCode.TopicException or ErrorCode.InvalidRecord or ErrorCode.Local_InvalidArg;
}
