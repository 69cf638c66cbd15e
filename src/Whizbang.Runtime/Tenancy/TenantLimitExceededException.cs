namespace Whizbang.Tenancy;

/// <summary>A write would take a tenant past one of its <see cref="TenantLimits"/>; nothing was written.</summary>
public sealed class TenantLimitExceededException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public TenantLimitExceededException(string tenant, string limitName, long limit, long requested)
        : base($"Tenant '{tenant}' is limited to {limit} for {limitName}; this write needs {requested}. Nothing was written.")
    {
        Tenant = tenant;
        LimitName = limitName;
        Limit = limit;
        Requested = requested;
    }

    /// <summary>The tenant that hit its limit.</summary>
    public string Tenant { get; }

    /// <summary>Which limit: <c>MaxStreams</c>, <c>MaxEventsPerAppend</c> or <c>MaxEventBytes</c>.</summary>
    public string LimitName { get; }

    /// <summary>The limit's value.</summary>
    public long Limit { get; }

    /// <summary>What the write needed: the streams the tenant would have, the events or the bytes.</summary>
    public long Requested { get; }
}
