using Whizbang.Tenancy;

namespace Whizbang.AspNetCore;

/// <summary>
/// How <see cref="WhizbangApplicationBuilderExtensions.UseWhizbangTenancy"/> finds the tenant of a request. Each
/// setter refuses a bad value at once, so a misconfigured application fails at startup, not on its first request.
/// </summary>
public sealed class TenantResolutionOptions
{
    /// <summary>
    /// The request header naming the tenant. <c>X-Tenant-Id</c> by default. A request may use it to choose among the
    /// tenants its principal holds claims for.
    /// </summary>
    /// <exception cref="ArgumentException">The value is empty or not a valid HTTP header name.</exception>
    public string HeaderName
    {
        get;
        set => field = IsHttpToken(value) ? value : throw new ArgumentException(
            $"A header name must be a non-empty HTTP token (letters, digits and !#$%&'*+-.^_`|~); got '{Printable(value)}'.", nameof(value));
    } = "X-Tenant-Id";

    /// <summary>
    /// The claim type whose values are the tenants the principal belongs to. <c>tenant</c> by default (Microsoft Entra
    /// ID tokens call it <c>tid</c>). Only claims of authenticated identities count.
    /// </summary>
    /// <exception cref="ArgumentException">The value is empty or whitespace.</exception>
    public string TenantClaimType
    {
        get;
        set => field = string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("A tenant claim type is required.", nameof(value)) : value;
    } = "tenant";

    /// <summary>
    /// When true, a tenant header is believed without a tenant claim backing it: for an unauthenticated request, and
    /// for a principal that holds no tenant claim at all. A principal whose tenant claims name other tenants is still
    /// refused. False by default: turn it on only for a service that no client can reach except through a trusted
    /// gateway that sets (and overwrites) the header itself.
    /// </summary>
    public bool TrustHeaderWithoutClaim { get; set; }

    /// <summary>
    /// The tenant of a request that names none (no header, no tenant claim), or null (the default) to refuse such a
    /// request with 400. Single-tenant applications set it to <see cref="TenantIds.Default"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is not a valid tenant id.</exception>
    public string? DefaultTenant
    {
        get;
        set
        {
            if (value is not null)
            {
                TenantIds.Validate(value, nameof(value));
            }

            field = value;
        }
    }

    /// <summary>RFC 9110 <c>token</c>: the characters a header field name may hold.</summary>
    private static bool IsHttpToken(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !"!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The start of a refused value, safe to print: control characters and surrogates become '?'.</summary>
    private static string Printable(string? value)
    {
        if (value is null)
        {
            return "(null)";
        }

        var shown = string.Create(Math.Min(value.Length, 64), value, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(source[i]) || char.IsSurrogate(source[i]) ? '?' : source[i];
            }
        });
        return value.Length > shown.Length ? shown + "…" : shown;
    }
}
