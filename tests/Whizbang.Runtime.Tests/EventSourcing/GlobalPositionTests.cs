using Whizbang.EventSourcing;

namespace Whizbang.Runtime.Tests.EventSourcing;

public sealed class GlobalPositionTests
{
    [Fact]
    public void Positions_OrderByTransactionFirst_ThenBySequence()
    {
        var earlyTransactionLateSequence = new GlobalPosition(10, 99);
        var lateTransactionEarlySequence = new GlobalPosition(11, 5);

        Assert.True(earlyTransactionLateSequence < lateTransactionEarlySequence);
        Assert.True(new GlobalPosition(0, 1) < new GlobalPosition(0, 2));
        Assert.True(GlobalPosition.Start <= new GlobalPosition(0, 1));
        Assert.Equal(0, new GlobalPosition(3, 4).CompareTo(new GlobalPosition(3, 4)));
    }

    [Fact]
    public void Text_RoundTrips()
    {
        var position = new GlobalPosition(123456789012, 42);

        Assert.Equal("123456789012:42", position.ToString());
        Assert.Equal(position, GlobalPosition.Parse(position.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("42")]
    [InlineData(":42")]
    [InlineData("1:-2")]
    [InlineData("1:2:3")]
    [InlineData("a:b")]
    public void Parse_RefusesWhatItDidNotWrite(string text)
    {
        var error = Assert.Throws<FormatException>(() => GlobalPosition.Parse(text));

        Assert.Contains("transaction:sequence", error.Message, StringComparison.Ordinal);
    }
}
