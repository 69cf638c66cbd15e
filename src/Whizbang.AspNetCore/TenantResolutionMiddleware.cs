using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Whizbang.Tenancy;

namespace Whizbang.AspNetCore;

/// <summary>
/// Resolves each request's tenant (the header if present, else the principal's tenant claim, else the default) and
/// runs the rest of the pipeline inside a <see cref="TenantScope"/> for it. A header counts only when the
/// authenticated principal holds a tenant claim for it (or the options trust the header). A refused request never
/// reaches the next middleware: nothing is dispatched, read or written.
/// </summary>
internal sealed class TenantResolutionMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILogger _logger;
    private readonly string _header;
    private readonly string _claimType;
    private readonly bool _trustHeader;
    private readonly string? _defaultTenant;
    private readonly TenantStoreCatalogue? _tenants;

    /// <summary>Copies the options, so changing them after startup changes nothing.</summary>
    public TenantResolutionMiddleware(RequestDelegate next, TenantResolutionOptions options, TenantStoreCatalogue? tenants, ILogger logger)
    {
        _tenants = tenants;
        _next = next;
        _logger = logger;
        _header = options.HeaderName;
        _claimType = options.TenantClaimType;
        _trustHeader = options.TrustHeaderWithoutClaim;
        _defaultTenant = options.DefaultTenant;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var user = context.User;
        var authenticated = IsAuthenticated(user);
        var values = context.Request.Headers[_header];
        var refusal = values.Count == 0
            ? FromClaims(user, authenticated, out var tenant)
            : FromHeader(values, user, authenticated, out tenant);
        refusal ??= Unknown(tenant!);

        // An anonymous identity's claims prove nothing, so the handlers' authorization stage never sees them.
        return refusal is null ? RunAsync(context, tenant!, authenticated ? user : null) : TenantProblemWriter.WriteAsync(context, refusal);
    }

    private async Task RunAsync(HttpContext context, string tenant, ClaimsPrincipal? principal)
    {
        using (TenantScope.Begin(tenant, principal))
        {
            await _next(context).ConfigureAwait(false);
        }
    }

    private TenantRefusal? FromHeader(StringValues values, ClaimsPrincipal user, bool authenticated, out string? tenant)
    {
        tenant = null;
        var value = values[0] ?? string.Empty;
        for (var i = 1; i < values.Count; i++)
        {
            if (!string.Equals(values[i], value, StringComparison.Ordinal))
            {
                TenantResolutionLog.ConflictingHeaders(_logger, _header, values.Count);
                return new(StatusCodes.Status400BadRequest, "conflicting_tenant_headers", "Conflicting tenant headers",
                    $"The {_header} header was sent {values.Count} times with different values; send it once.");
            }
        }

        if (ProblemWith(value) is { } problem)
        {
            TenantResolutionLog.InvalidHeader(_logger, _header, problem);
            return new(StatusCodes.Status400BadRequest, "invalid_tenant_header", "Invalid tenant",
                $"The {_header} header is not a valid tenant id: {problem}. A tenant id is 1 to {TenantIds.MaxLength} characters long, without control characters.");
        }

        var (holdsThis, holdsAny) = TenantClaimsOf(user, value);
        if (holdsThis || (_trustHeader && !holdsAny))
        {
            tenant = value;
            return null;
        }

        if (!authenticated)
        {
            TenantResolutionLog.Unauthenticated(_logger, _header, value);
            return new(StatusCodes.Status401Unauthorized, "tenant_header_unauthenticated", "Authentication required",
                $"The {_header} header names tenant '{value}', but the request is not authenticated: only a signed-in member of a tenant may name it.");
        }

        TenantResolutionLog.TenantNotHeld(_logger, _header, value, UserIdOf(user), _claimType);
        return new(StatusCodes.Status403Forbidden, "tenant_not_held", "Tenant not allowed",
            $"The {_header} header names tenant '{value}', for which the signed-in principal holds no '{_claimType}' claim.");
    }

    /// <summary>With a schema or database per tenant, a tenant without one is refused before any handler runs.</summary>
    private TenantRefusal? Unknown(string tenant)
    {
        if (_tenants is null || _tenants.Contains(tenant))
        {
            return null;
        }

        TenantResolutionLog.UnknownTenant(_logger, tenant);
        return new(StatusCodes.Status404NotFound, "unknown_tenant", "Unknown tenant",
            $"Tenant '{tenant}' is not known here: it has no {(_tenants.Isolation == TenantIsolation.SchemaPerTenant ? "schema" : "database")} of its own.");
    }

    private TenantRefusal? FromClaims(ClaimsPrincipal user, bool authenticated, out string? tenant)
    {
        tenant = null;
        string? first = null;
        var distinct = 0;
        if (authenticated)
        {
            HashSet<string>? several = null;
            foreach (var claim in TenantClaims(user))
            {
                if (first is null)
                {
                    first = claim.Value;
                    distinct = 1;
                }
                else if (!string.Equals(claim.Value, first, StringComparison.Ordinal))
                {
                    several ??= new(StringComparer.Ordinal) { first };
                    several.Add(claim.Value);
                    distinct = several.Count;
                }
            }
        }

        if (first is null)
        {
            if (_defaultTenant is not null)
            {
                tenant = _defaultTenant;
                return null;
            }

            TenantResolutionLog.NoTenant(_logger, _header, _claimType);
            return new(StatusCodes.Status400BadRequest, "no_tenant", "Tenant required",
                $"The request names no tenant: send the {_header} header, or sign in with an account that holds a '{_claimType}' claim.");
        }

        if (distinct > 1)
        {
            TenantResolutionLog.Ambiguous(_logger, UserIdOf(user), distinct, _claimType, _header);
            return new(StatusCodes.Status400BadRequest, "ambiguous_tenant", "Tenant required",
                $"The signed-in principal belongs to {distinct} tenants; choose one with the {_header} header.");
        }

        if (ProblemWith(first) is { } problem)
        {
            TenantResolutionLog.InvalidClaim(_logger, UserIdOf(user), _claimType, problem);
            return new(StatusCodes.Status400BadRequest, "invalid_tenant_claim", "Invalid tenant claim",
                $"The signed-in principal's '{_claimType}' claim is not a valid tenant id: {problem}.");
        }

        tenant = first;
        return null;
    }

    /// <summary>Whether an authenticated identity claims <paramref name="tenant"/>, and whether one claims any tenant.</summary>
    private (bool HoldsThis, bool HoldsAny) TenantClaimsOf(ClaimsPrincipal user, string tenant)
    {
        var any = false;
        foreach (var claim in TenantClaims(user))
        {
            if (string.Equals(claim.Value, tenant, StringComparison.Ordinal))
            {
                return (true, true);
            }

            any = true;
        }

        return (false, any);
    }

    /// <summary>The tenant claims of the principal's authenticated identities; an anonymous identity can carry any claim it likes.</summary>
    private IEnumerable<Claim> TenantClaims(ClaimsPrincipal user)
    {
        foreach (var identity in user.Identities)
        {
            if (!identity.IsAuthenticated)
            {
                continue;
            }

            foreach (var claim in identity.Claims)
            {
                // The claim type is compared as ClaimsIdentity.FindAll compares it.
                if (string.Equals(claim.Type, _claimType, StringComparison.OrdinalIgnoreCase))
                {
                    yield return claim;
                }
            }
        }
    }

    private static bool IsAuthenticated(ClaimsPrincipal user)
    {
        foreach (var identity in user.Identities)
        {
            if (identity.IsAuthenticated)
            {
                return true;
            }
        }

        return false;
    }

    private static string? UserIdOf(ClaimsPrincipal user) => user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.Identity?.Name;

    /// <summary>
    /// Null when <paramref name="value"/> is a valid tenant id (by the runtime's own rule); otherwise what is wrong,
    /// without the value itself, which may be long or hold characters that would break a log line or a header.
    /// </summary>
    private static string? ProblemWith(string value)
    {
        try
        {
            TenantIds.Validate(value, nameof(value));
            return null;
        }
        catch (ArgumentException)
        {
            return Describe(value);
        }
    }

    private static string Describe(string value)
    {
        if (value.Length == 0)
        {
            return "it is empty";
        }

        if (value.Length > TenantIds.MaxLength)
        {
            return $"it is {value.Length} characters long";
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsControl(value[i]))
            {
                return $"it contains the control character U+{(int)value[i]:X4} at index {i}";
            }

            if (char.IsSurrogate(value[i]))
            {
                var paired = char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
                if (!paired)
                {
                    return $"it contains an unpaired surrogate at index {i}";
                }

                i++;
            }
        }

        return "it breaks the tenant-id rule";
    }
}
