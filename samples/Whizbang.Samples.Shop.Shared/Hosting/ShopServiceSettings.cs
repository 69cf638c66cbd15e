namespace Whizbang.Samples.Shop.Hosting;

/// <summary>Where a shop service finds Kafka and keeps its database.</summary>
/// <param name="BootstrapServers">The Kafka brokers, for example <c>localhost:9092</c>.</param>
/// <param name="DatabasePath">The service's own SQLite file: its events, outbox and inbox.</param>
public sealed record ShopServiceSettings(string BootstrapServers, string DatabasePath)
{
    /// <summary>The one variable that points the sample at a real Kafka: its bootstrap servers.</summary>
    public const string KafkaVariable = "WHIZBANG_KAFKA";

    /// <summary>
    /// The settings of a service run on its own: Kafka from <see cref="KafkaVariable"/>, the database in the temporary
    /// directory, kept between runs as a service's database would be.
    /// </summary>
    public static ShopServiceSettings FromEnvironment(string service)
    {
        var kafka = Environment.GetEnvironmentVariable(KafkaVariable);
        if (string.IsNullOrWhiteSpace(kafka))
        {
            throw new InvalidOperationException(
                $"Set {KafkaVariable} to your Kafka's bootstrap servers (for example localhost:9092) to run the {service} service on its own, "
                + "or run samples/Whizbang.Samples.Shop, which runs both services with an in-process Kafka.");
        }

        return new ShopServiceSettings(kafka, Path.Combine(Path.GetTempPath(), $"whizbang-shop-{service}.db"));
    }
}
