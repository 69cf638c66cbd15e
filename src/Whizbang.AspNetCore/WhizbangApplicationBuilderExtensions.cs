using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Whizbang.Tenancy;

namespace Whizbang.AspNetCore;

/// <summary>Adds Whizbang to an ASP.NET Core request pipeline.</summary>
public static class WhizbangApplicationBuilderExtensions
{
    /// <summary>
    /// Runs the rest of each request inside a <see cref="TenantScope"/> for its tenant and signed-in principal, so every
    /// message sent, stream read or written and projection queried by its endpoints stays within that tenant. Call it
    /// after <c>UseAuthentication()</c> (it reads <c>HttpContext.User</c>) and before the endpoints.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The tenant comes from the <see cref="TenantResolutionOptions.HeaderName"/> header if present, else from the
    /// principal's <see cref="TenantResolutionOptions.TenantClaimType"/> claim, else from
    /// <see cref="TenantResolutionOptions.DefaultTenant"/>. A header is believed only when an authenticated identity of
    /// the principal holds a tenant claim naming it, unless <see cref="TenantResolutionOptions.TrustHeaderWithoutClaim"/>.
    /// </para>
    /// <para>
    /// A request whose tenant cannot be established gets 400 (no tenant, an invalid or ambiguous one), 401 (a tenant
    /// header without authentication), 403 (a tenant header the principal holds no claim for) or, when each tenant has its
    /// own schema or database, 404 (a tenant the <see cref="TenantStoreCatalogue"/> does not know), with an
    /// <c>application/problem+json</c> body, and the rest of the pipeline does not run. Requests that need no tenant
    /// (health checks, sign-in) go around it: <c>app.UseWhen(c =&gt; c.Request.Path.StartsWithSegments("/api"), a =&gt; a.UseWhizbangTenancy())</c>.
    /// </para>
    /// </remarks>
    /// <param name="app">The application's request pipeline.</param>
    /// <param name="configure">Changes the defaults: header <c>X-Tenant-Id</c>, claim type <c>tenant</c>, no trusted header, no default tenant.</param>
    /// <exception cref="ArgumentException"><paramref name="configure"/> set an invalid option.</exception>
    public static IApplicationBuilder UseWhizbangTenancy(this IApplicationBuilder app, Action<TenantResolutionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = new TenantResolutionOptions();
        configure?.Invoke(options);
        var loggers = app.ApplicationServices?.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger("Whizbang.AspNetCore.Tenancy");
        var tenants = app.ApplicationServices?.GetService<TenantStoreCatalogue>();
        return app.Use(next => new TenantResolutionMiddleware(next, options, tenants, logger).InvokeAsync);
    }
}
