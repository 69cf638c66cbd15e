namespace Whizbang.Tenancy;

/// <summary>
/// What one tenant may store; null means unlimited. Checked before each append, so a refused append writes nothing.
/// </summary>
/// <remarks>
/// <see cref="MaxStreams"/> is checked against the count of the tenant's streams just before the append: appends that
/// race to create a tenant's last allowed streams can each pass the check, so the count can end a few streams over.
/// </remarks>
public sealed record TenantLimits
{
    /// <summary>No limit at all.</summary>
    public static TenantLimits None { get; } = new();

    /// <summary>The most streams the tenant may have.</summary>
    public long? MaxStreams { get; init; }

    /// <summary>The most events one append (one call, over all its streams) may carry.</summary>
    public int? MaxEventsPerAppend { get; init; }

    /// <summary>The largest serialized event payload, in bytes.</summary>
    public int? MaxEventBytes { get; init; }

    internal TenantLimits Validated()
    {
        Positive(MaxStreams, nameof(MaxStreams));
        Positive(MaxEventsPerAppend, nameof(MaxEventsPerAppend));
        Positive(MaxEventBytes, nameof(MaxEventBytes));
        return this;
    }

    private static void Positive(long? limit, string name)
    {
        if (limit < 1)
        {
            throw new ArgumentOutOfRangeException(name, limit, $"{name} must be at least 1, or null for no limit.");
        }
    }
}
