using System.Runtime.InteropServices;

namespace Whizbang.Kafka.Testing;

/// <summary>
/// librdkafka's built-in mock cluster, for development and tests without a broker: Kafka brokers in this process,
/// listening on loopback ports, that any Kafka client (this process's or another's) connects to at
/// <see cref="BootstrapServers"/> exactly as to a real cluster. Not for production: it keeps everything in memory and
/// does not enforce transactions or read-committed isolation.
/// </summary>
/// <remarks>
/// It is hosted by a bare librdkafka handle made through the C API, because Confluent.Kafka exposes neither the
/// cluster's bootstrap address nor its settings. The C API also turns off the 3 s delay before a new consumer group's
/// first rebalance (real brokers have the same setting, <c>group.initial.rebalance.delay.ms</c>), creates topics,
/// which the admin API cannot do on the mock (its create and describe calls time out), and injects faults.
/// </remarks>
public sealed partial class KafkaMockCluster : IDisposable
{
    private const string Library = "librdkafka";
    private const int ProducerType = 0;
    private const int ConfigurationOk = 0;
    private const int NoError = 0;
    private const int ErrorLength = 512;

    private nint _handle;
    private readonly nint _cluster;

    static KafkaMockCluster()
    {
        // Confluent.Kafka picks one of the librdkafka builds its package ships (the plain one needs libsasl2; a
        // CentOS 8 build and an Alpine build are the fallbacks). Trying the same names in the same order lands on the
        // same file, which the dynamic loader then hands back already loaded.
        _ = Confluent.Kafka.Library.Version;
        NativeLibrary.SetDllImportResolver(typeof(KafkaMockCluster).Assembly, static (name, assembly, searchPath) =>
        {
            if (name != Library)
            {
                return 0;
            }

            foreach (var candidate in (string[])[Library, "centos8-" + Library, "alpine-" + Library])
            {
                if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
                {
                    return handle;
                }
            }

            return 0;
        });
    }

    private KafkaMockCluster(nint handle, nint cluster, string bootstrapServers)
    {
        _handle = handle;
        _cluster = cluster;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>Where clients connect: the mock brokers' loopback addresses.</summary>
    public string BootstrapServers { get; }

    /// <summary>
    /// Starts a mock cluster of <paramref name="brokers"/> brokers on loopback, free ports, whose consumer groups
    /// rebalance at once (see <see cref="SetGroupInitialRebalanceDelay"/>).
    /// </summary>
    public static unsafe KafkaMockCluster Start(int brokers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        KafkaNativeAot.EnsureRooted();
        var configuration = rd_kafka_conf_new();
        var error = stackalloc byte[ErrorLength];
        Set(configuration, "test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture), error);
        // Notices (such as the mock's own "Mock cluster enabled") would go to the test run's stderr; errors still do.
        Set(configuration, "log_level", "3", error);
        var handle = rd_kafka_new(ProducerType, configuration, error, ErrorLength);
        if (handle == 0)
        {
            rd_kafka_conf_destroy(configuration);
            throw new InvalidOperationException("librdkafka could not start its mock cluster: " + Marshal.PtrToStringUTF8((nint)error));
        }

        var cluster = rd_kafka_handle_mock_cluster(handle);
        if (cluster == 0)
        {
            rd_kafka_destroy(handle);
            throw new InvalidOperationException("librdkafka started a client but no mock cluster with it.");
        }

        var bootstrapServers = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(cluster)) ?? string.Empty;
        rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, 0);
        return new KafkaMockCluster(handle, cluster, bootstrapServers);
    }

    /// <summary>How long the cluster waits before a new consumer group's first rebalance (librdkafka's mock default is 3 s).</summary>
    public void SetGroupInitialRebalanceDelay(TimeSpan delay)
        => rd_kafka_mock_group_initial_rebalance_delay_ms(Cluster, checked((int)delay.TotalMilliseconds));

    /// <summary>Creates a topic with <paramref name="partitions"/> partitions.</summary>
    public void CreateTopic(string topic, int partitions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var error = rd_kafka_mock_topic_create(Cluster, topic, partitions, 1);
        if (error != NoError)
        {
            throw new InvalidOperationException($"The mock cluster refused to create topic '{topic}': librdkafka error {error}.");
        }
    }

    /// <summary>Makes broker <paramref name="brokerId"/> (1 for the first) refuse connections until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId) => Check(rd_kafka_mock_broker_set_down(Cluster, brokerId), "take broker down");

    /// <summary>Lets broker <paramref name="brokerId"/> accept connections again.</summary>
    public void SetBrokerUp(int brokerId) => Check(rd_kafka_mock_broker_set_up(Cluster, brokerId), "bring broker up");

    /// <summary>The next <paramref name="errors"/>.Length produce requests fail with these Kafka error codes, in order.</summary>
    public unsafe void PushProduceErrors(params int[] errors)
    {
        const short ProduceApiKey = 0;
        fixed (int* codes = errors)
        {
            rd_kafka_mock_push_request_errors_array(Cluster, ProduceApiKey, (nuint)errors.Length, codes);
        }
    }

    private static void Check(int error, string what)
    {
        if (error != NoError)
        {
            throw new InvalidOperationException($"The mock cluster could not {what}: librdkafka error {error}.");
        }
    }

    /// <summary>Stops the brokers; clients still connected see them go down.</summary>
    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, 0);
        if (handle != 0)
        {
            rd_kafka_destroy(handle);
        }
    }

    private nint Cluster => _handle != 0 ? _cluster : throw new ObjectDisposedException(nameof(KafkaMockCluster));

    private static unsafe void Set(nint configuration, string name, string value, byte* error)
    {
        if (rd_kafka_conf_set(configuration, name, value, error, ErrorLength) != ConfigurationOk)
        {
            rd_kafka_conf_destroy(configuration);
            throw new InvalidOperationException($"librdkafka refused {name}={value}: " + Marshal.PtrToStringUTF8((nint)error));
        }
    }

    // The C API's own names, so they can be looked up in rdkafka.h and rdkafka_mock.h.
    [LibraryImport(Library)]
    private static partial nint rd_kafka_conf_new();

    [LibraryImport(Library)]
    private static partial void rd_kafka_conf_destroy(nint configuration);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int rd_kafka_conf_set(nint configuration, string name, string value, byte* error, nuint errorSize);

    [LibraryImport(Library)]
    private static unsafe partial nint rd_kafka_new(int type, nint configuration, byte* error, nuint errorSize);

    [LibraryImport(Library)]
    private static partial void rd_kafka_destroy(nint handle);

    [LibraryImport(Library)]
    private static partial nint rd_kafka_handle_mock_cluster(nint handle);

    [LibraryImport(Library)]
    private static partial nint rd_kafka_mock_cluster_bootstraps(nint cluster);

    [LibraryImport(Library)]
    private static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(nint cluster, int delayMilliseconds);

    [LibraryImport(Library)]
    private static partial int rd_kafka_mock_broker_set_down(nint cluster, int brokerId);

    [LibraryImport(Library)]
    private static partial int rd_kafka_mock_broker_set_up(nint cluster, int brokerId);

    [LibraryImport(Library)]
    private static unsafe partial void rd_kafka_mock_push_request_errors_array(nint cluster, short apiKey, nuint count, int* errors);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_mock_topic_create(nint cluster, string topic, int partitions, int replicationFactor);
}
