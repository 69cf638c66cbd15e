using System.Diagnostics.CodeAnalysis;

namespace Whizbang.Kafka;

/// <summary>
/// Keeps what Confluent.Kafka needs at run time in a native AOT (trimmed) application. Confluent binds librdkafka by
/// reflection: <c>Librdkafka.SetDelegates(Type)</c> reads every method of one of its P/Invoke classes with
/// <c>GetRuntimeMethods()</c> and makes a delegate of each, so the trimmer sees no use of those methods and removes
/// them; the first producer or consumer then fails with "Sequence contains no matching element". The attributes below
/// keep exactly the members <c>GetRuntimeMethods()</c> is annotated to need (public and non-public methods) on the
/// three classes Confluent chooses from at run time: <c>NativeMethods</c> (glibc build with GSSAPI, and the only one on
/// Windows and macOS), <c>NativeMethods_Centos8</c> (the fallback without libsasl2) and <c>NativeMethods_Alpine</c>
/// (musl). Which warnings remain inside Confluent.Kafka and why they are safe: build/Whizbang.Kafka.targets.
/// </summary>
internal static class KafkaNativeAot
{
    private const DynamicallyAccessedMemberTypes BoundByReflection =
        DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods;

    /// <summary>
    /// Does nothing at run time. A call to it makes the trimmer keep Confluent.Kafka's P/Invoke classes: call it from
    /// every code path that builds a Confluent producer or consumer (the attributes take effect when this method is
    /// compiled into the application, which a call from such a path guarantees; when it runs does not matter).
    /// </summary>
    [DynamicDependency(BoundByReflection, "Confluent.Kafka.Impl.NativeMethods.NativeMethods", "Confluent.Kafka")]
    [DynamicDependency(BoundByReflection, "Confluent.Kafka.Impl.NativeMethods.NativeMethods_Centos8", "Confluent.Kafka")]
    [DynamicDependency(BoundByReflection, "Confluent.Kafka.Impl.NativeMethods.NativeMethods_Alpine", "Confluent.Kafka")]
    internal static void EnsureRooted()
    {
    }
}
