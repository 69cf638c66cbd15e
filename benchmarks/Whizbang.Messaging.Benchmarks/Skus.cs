using System.Globalization;

namespace Whizbang.Messaging.Benchmarks;

/// <summary>The partition keys every contender uses: 64 SKUs, so the messages spread over the topic's partitions.</summary>
internal static class Skus
{
    private static readonly string[] All = [.. Enumerable.Range(0, 64).Select(i => "sku-" + i.ToString("D2", CultureInfo.InvariantCulture))];

    public static string Of(int index) => All[index % All.Length];
}
