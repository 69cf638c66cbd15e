using Microsoft.Extensions.Logging;

namespace Whizbang.Tenancy;

/// <summary>The log messages of per-tenant stores (source-generated).</summary>
internal static partial class TenancyLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "{Work} could not start for tenant {Tenant}; it keeps running for the other tenants")]
    public static partial void TenantWorkFailed(ILogger logger, Exception error, string work, string tenant);
}
