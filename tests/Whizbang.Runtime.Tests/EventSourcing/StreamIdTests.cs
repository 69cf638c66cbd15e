using Whizbang.EventSourcing;

namespace Whizbang.Runtime.Tests.EventSourcing;

public sealed class StreamIdTests
{
    [Fact]
    public void StreamIds_AreEqualOnlyWithTheSameTenantAndId()
    {
        Assert.Equal(new StreamId("a", "order-1"), new StreamId("a", "order-1"));
        Assert.NotEqual(new StreamId("a", "order-1"), new StreamId("b", "order-1"));
        Assert.Equal(StreamId.DefaultTenant, StreamId.ForDefaultTenant("x").Tenant);
        Assert.Equal("a/order-1", new StreamId("a", "order-1").ToString());
    }

    [Theory]
    [InlineData("", "id")]
    [InlineData("tenant", "")]
    [InlineData("tenant", "line\nbreak")]
    [InlineData("nul\0", "id")]
    public void InvalidTenantOrId_IsRefusedWithTheReason(string tenant, string id)
    {
        var error = Assert.Throws<ArgumentException>(() => new StreamId(tenant, id));

        Assert.Matches("1 to 200 characters|control characters", error.Message);
    }

    [Fact]
    public void OverlongId_IsRefused_AndNullIsRefused()
    {
        Assert.Throws<ArgumentException>(() => new StreamId("t", new string('x', StreamId.MaxLength + 1)));
        Assert.Throws<ArgumentNullException>(() => new StreamId("t", null!));
        Assert.Equal(StreamId.MaxLength, new StreamId("t", new string('x', StreamId.MaxLength)).Id.Length);
    }

    [Fact]
    public void ExpectedVersion_IsSatisfiedAsDocumented()
    {
        Assert.True(ExpectedVersion.Any.IsSatisfiedBy(0));
        Assert.True(ExpectedVersion.Any.IsSatisfiedBy(7));
        Assert.True(ExpectedVersion.NoStream.IsSatisfiedBy(0));
        Assert.False(ExpectedVersion.NoStream.IsSatisfiedBy(1));
        Assert.True(ExpectedVersion.Exactly(3).IsSatisfiedBy(3));
        Assert.False(ExpectedVersion.Exactly(3).IsSatisfiedBy(2));
        Assert.Equal(ExpectedVersion.NoStream, ExpectedVersion.Exactly(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedVersion.Exactly(-1));
        Assert.Equal(["any", "no stream", "3"], new[] { ExpectedVersion.Any, ExpectedVersion.NoStream, ExpectedVersion.Exactly(3) }.Select(v => v.ToString()));
    }

    [Fact]
    public async Task Append_ToADefaultStreamId_IsRefused()
    {
        var store = new InMemoryEventStore();

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await store.AppendAsync(default, ExpectedVersion.Any, [new EventData(Guid.NewGuid(), "A", new byte[] { 1 }, default)]));
    }
}
