using Microsoft.Extensions.Logging;

namespace Whizbang.AspNetCore;

/// <summary>
/// The tenant middleware's log messages (source-generated). Refused values that break the tenant-id rule are never
/// logged, only their length or first bad character, so a hostile header cannot forge log lines.
/// </summary>
internal static partial class TenantResolutionLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Refused a request (403): header {Header} names tenant {Tenant}, for which user {UserId} holds no {ClaimType} claim")]
    public static partial void TenantNotHeld(ILogger logger, string header, string tenant, string? userId, string claimType);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Refused an unauthenticated request (401): header {Header} names tenant {Tenant}")]
    public static partial void Unauthenticated(ILogger logger, string header, string tenant);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Refused a request (400): header {Header} is not a valid tenant id: {Problem}")]
    public static partial void InvalidHeader(ILogger logger, string header, string problem);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Refused a request (400): header {Header} was sent {Count} times with different values")]
    public static partial void ConflictingHeaders(ILogger logger, string header, int count);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Refused a request (400): user {UserId}'s {ClaimType} claim is not a valid tenant id: {Problem}")]
    public static partial void InvalidClaim(ILogger logger, string? userId, string claimType, string problem);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Refused a request (400): user {UserId} holds {Count} {ClaimType} claims and no {Header} header chose one")]
    public static partial void Ambiguous(ILogger logger, string? userId, int count, string claimType, string header);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "Refused a request (400) without a tenant: no {Header} header, no {ClaimType} claim and no default tenant")]
    public static partial void NoTenant(ILogger logger, string header, string claimType);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "Refused a request (404): tenant {Tenant} is not known (it has no schema or database of its own)")]
    public static partial void UnknownTenant(ILogger logger, string tenant);
}
