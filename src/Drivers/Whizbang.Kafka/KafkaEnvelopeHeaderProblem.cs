namespace Whizbang.Kafka;

/// <summary>What is wrong with a Kafka header that should carry part of a Whizbang envelope.</summary>
public enum KafkaEnvelopeHeaderProblem
{
    /// <summary>A header every envelope carries is absent.</summary>
    Missing,

    /// <summary>The header's bytes are not in its format: no value, not UTF-8, not a GUID, not a timestamp.</summary>
    Malformed,

    /// <summary>The header is well formed but its value breaks a rule, for example a tenant id longer than 200 characters.</summary>
    Invalid,

    /// <summary>The header appears more than once with different values, so which one is meant cannot be told.</summary>
    Conflicting,
}
