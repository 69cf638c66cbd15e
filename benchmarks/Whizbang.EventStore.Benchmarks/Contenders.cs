namespace Whizbang.EventStore.Benchmarks;

/// <summary>The contenders by the names the benchmarks' <c>Store</c> parameter uses.</summary>
internal static class Contenders
{
    public const string Whizbang = "Whizbang";
    public const string Marten = "Marten";
    public const string Npgsql = "Raw Npgsql";

    public static IContender Create(string name) => name switch
    {
        Whizbang => new WhizbangContender(),
        Marten => new MartenContender(),
        Npgsql => new NpgsqlContender(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown contender."),
    };
}
