namespace Whizbang.Samples.Shop;

/// <summary>The shop's topics, named by the defaults of <c>MessagingOptions</c>: per domain, commands and events, each with its dead-letter topic.</summary>
internal static class ShopTopics
{
    public static IEnumerable<string> All =>
        from domain in (string[])["orders", "inventory"]
        from kind in (string[])["commands", "events"]
        from topic in (string[])[$"{domain}.{kind}", $"{domain}.{kind}.dead-letter"]
        select topic;
}
