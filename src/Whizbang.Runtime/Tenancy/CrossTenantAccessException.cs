namespace Whizbang.Tenancy;

/// <summary>Code running for one tenant tried to read or write another tenant's data without a cross-tenant grant; nothing was read or written.</summary>
public sealed class CrossTenantAccessException : UnauthorizedAccessException
{
    /// <summary>Creates the exception; <paramref name="innerException"/> is the database's refusal, when it was the database that refused.</summary>
    public CrossTenantAccessException(string currentTenant, string requestedTenant, string operation, Exception? innerException = null)
        : base($"Code running for tenant '{currentTenant}' may not {operation} of tenant '{requestedTenant}'. "
            + "Cross-tenant access needs an explicit grant: using (CrossTenantAccess.Begin(\"reason\")) or [CrossTenant(\"reason\")] on the message.",
            innerException)
    {
        CurrentTenant = currentTenant;
        RequestedTenant = requestedTenant;
        Operation = operation;
    }

    /// <summary>The tenant the code runs for.</summary>
    public string CurrentTenant { get; }

    /// <summary>The tenant whose data was asked for, or <c>"*"</c> for an operation spanning every tenant.</summary>
    public string RequestedTenant { get; }

    /// <summary>What was refused, for example <c>"append to stream 'Order-1'"</c>.</summary>
    public string Operation { get; }
}
