using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Whizbang.Messaging;
using Xunit.Abstractions;

namespace Whizbang.Kafka.Tests;

/// <summary>Envelopes through a real Confluent.Kafka producer and consumer group, on the cluster <see cref="KafkaTestCluster"/> provides.</summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaEnvelopeRoundTripTests(KafkaTestCluster kafka, ITestOutputHelper output)
{
    private const int MessageCount = 100;
    private const int Partitions = 4;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static readonly string[] Tenants = ["acme", "'; DROP TABLE x; --", "Zürich-東京", new string('t', 200)];

    [Fact]
    public async Task IdempotentProducer_KeyedByStream_ConsumerGroupReadsEachStreamInOrderWithItsEnvelopes()
    {
        output.WriteLine(kafka.Description);
        var topic = kafka.NewTopicName("envelopes");
        await kafka.CreateTopicAsync(topic, Partitions);
        var clock = Stopwatch.StartNew();

        // 100 messages over 7 streams, interleaved; each value says which stream and which position in it.
        var streams = Enumerable.Range(0, 7).Select(i => $"order-{i}").ToArray();
        var sent = new List<(string Stream, int Sequence, MessageEnvelope Envelope)>();
        var correlationId = Guid.CreateVersion7();
        for (var i = 0; i < MessageCount; i++)
        {
            var stream = streams[i % streams.Length];
            var sequence = i / streams.Length;
            sent.Add((stream, sequence, new MessageEnvelope
            {
                MessageId = Guid.CreateVersion7(),
                MessageName = i % 2 == 0 ? "orders.order-placed" : "orders.order-shipped",
                CorrelationId = correlationId,
                CausationId = i == 0 ? null : sent[i - 1].Envelope.MessageId,
                TenantId = Tenants[i % Tenants.Length],
                UserId = i % 3 == 0 ? null : $"user-{i}",
                CrossTenantReason = i % 10 == 0 ? "billing export" : null,
                Timestamp = new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.FromHours(i % 5)).AddTicks(i * 1_001),
                TraceParent = i % 4 == 0 ? null : $"00-{Guid.NewGuid():N}-{i:x16}-01",
            }));
        }

        using (var producer = new ProducerBuilder<string, string>(kafka.ProducerConfig()).Build())
        {
            // Enqueued in order without waiting for each: the idempotent producer keeps per-partition order across retries.
            var deliveries = sent
                .Select(m => producer.ProduceAsync(topic, new Message<string, string>
                {
                    Key = m.Stream,
                    Value = $"{m.Stream}#{m.Sequence}",
                    Headers = KafkaEnvelopeHeaders.ToHeaders(m.Envelope),
                }))
                .ToList();
            var results = await Task.WhenAll(deliveries);
            Assert.All(results, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
            Assert.True(results.Select(r => r.Partition.Value).Distinct().Count() > 1, "the streams should spread over several partitions");
        }

        output.WriteLine($"produced {MessageCount} messages in {clock.ElapsedMilliseconds} ms");

        var received = new List<(string Stream, string Value, MessageEnvelope Envelope)>();
        using (var consumer = new ConsumerBuilder<string, string>(kafka.ConsumerConfig(kafka.NewGroupId("envelopes"))).Build())
        {
            consumer.Subscribe(topic);
            var until = Stopwatch.StartNew();
            while (received.Count < MessageCount && until.Elapsed < Deadline)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result is null)
                {
                    continue;
                }

                if (received.Count == 0)
                {
                    output.WriteLine($"first message consumed at {clock.ElapsedMilliseconds} ms (the consumer group joined)");
                }

                received.Add((result.Message.Key, result.Message.Value, KafkaEnvelopeHeaders.Read(result.Message.Headers)));
                consumer.StoreOffset(result);
            }

            consumer.Commit();
            consumer.Close();
        }

        output.WriteLine($"consumed {received.Count} messages by {clock.ElapsedMilliseconds} ms");
        Assert.Equal(MessageCount, received.Count);

        // Per stream, the positions arrive in the order they were produced.
        foreach (var stream in streams)
        {
            var expected = sent.Where(m => m.Stream == stream).Select(m => $"{stream}#{m.Sequence}");
            Assert.Equal(expected, received.Where(m => m.Stream == stream).Select(m => m.Value));
        }

        // Every envelope arrives intact and with its own message.
        var sentById = sent.ToDictionary(m => m.Envelope.MessageId);
        foreach (var (stream, value, envelope) in received)
        {
            var original = sentById[envelope.MessageId];
            Assert.Equal($"{original.Stream}#{original.Sequence}", value);
            Assert.Equal(original.Stream, stream);
            TestEnvelopes.AssertSame(original.Envelope, envelope);
        }
    }

    [Fact]
    public async Task Consumer_OfAMessageWithBrokenEnvelopeHeaders_GetsTheSpecificException()
    {
        output.WriteLine(kafka.Description);
        var topic = kafka.NewTopicName("broken");
        await kafka.CreateTopicAsync(topic, partitions: 1);
        using (var producer = new ProducerBuilder<string, string>(kafka.ProducerConfig()).Build())
        {
            var headers = KafkaEnvelopeHeaders.ToHeaders(TestEnvelopes.Full());
            headers.Remove(KafkaEnvelopeHeaders.TenantId);
            headers.Add(KafkaEnvelopeHeaders.TenantId, Encoding.UTF8.GetBytes(new string('t', 201)));
            await producer.ProduceAsync(topic, new Message<string, string> { Key = "order-1", Value = "{}", Headers = headers });
        }

        using var consumer = new ConsumerBuilder<string, string>(kafka.ConsumerConfig(kafka.NewGroupId("broken"))).Build();
        consumer.Subscribe(topic);
        var result = consumer.Consume(Deadline);
        Assert.NotNull(result);

        var error = Assert.Throws<KafkaEnvelopeHeaderException>(() => KafkaEnvelopeHeaders.Read(result.Message.Headers));

        Assert.Equal(KafkaEnvelopeHeaders.TenantId, error.HeaderName);
        Assert.Equal(KafkaEnvelopeHeaderProblem.Invalid, error.Problem);
        Assert.Equal(TestEnvelopes.MessageId, error.MessageId);
        consumer.Close();
    }
}
