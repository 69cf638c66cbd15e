using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Whizbang.EventSourcing;
using Whizbang.Messaging;
using Whizbang.Tenancy;

namespace Whizbang.AspNetCore.Tests;

/// <summary>
/// A real ASP.NET Core application on an in-memory <see cref="TestServer"/>: sign-in, <c>UseWhizbangTenancy</c>,
/// and endpoints that report the tenant scope and send a Whizbang command through the authorization stage.
/// </summary>
public sealed class TenancyHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TenancyHost(WebApplication app, LogCollector logs)
    {
        _app = app;
        Logs = logs;
    }

    public TestServer Server => _app.GetTestServer();

    public Probe Probe => _app.Services.GetRequiredService<Probe>();

    public IServiceProvider Services => _app.Services;

    public LogCollector Logs { get; }

    /// <summary>The scope the last <c>/scope</c> request ran in, to look at after the request.</summary>
    public TenantScope? CapturedScope { get; private set; }

    public static async Task<TenancyHost> StartAsync(Action<TenantResolutionOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseTestServer();
        var logs = new LogCollector();
        builder.Logging.AddProvider(logs);
        builder.Services.AddRouting();
        builder.Services.AddSingleton<Probe>();
        builder.Services.AddWhizbang(b => b.UseAuthorization().UseInMemoryEventStore());
        services?.Invoke(builder.Services);

        var app = builder.Build();
        var host = new TenancyHost(app, logs);
        app.Use(TestUsers.SignInAsync);
        app.UseWhizbangTenancy(configure);
        app.UseRouting();
        app.MapGet("/tenant", () => TenantScope.Current?.TenantId ?? "(none)");
        app.MapGet("/scope", () =>
        {
            host.CapturedScope = TenantScope.Current;
            return TenantScope.Current is { } scope ? $"{scope.TenantId}|{scope.Principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "(no principal)"}" : "(none)";
        });
        app.MapGet("/fail", string () => throw new InvalidOperationException("the endpoint failed"));
        app.MapPost("/orders/{item}", async (string item, IWhizbang whizbang, CancellationToken cancellationToken)
            => await whizbang.Send(new PlaceOrder(item), cancellationToken));
        await app.StartAsync();
        return host;
    }

    /// <summary>
    /// Sends a request straight into the pipeline (no HTTP client in between, so header values an HTTP client would
    /// refuse to send, such as CR LF or NUL, reach the middleware as a hostile proxy could pass them).
    /// </summary>
    public async Task<Reply> SendAsync(string method, string path, string? user = null, params string?[] tenantHeader)
    {
        var context = await Server.SendAsync(c =>
        {
            c.Request.Method = method;
            c.Request.Path = path;
            if (user is not null)
            {
                c.Request.Headers[TestUsers.Header] = user;
            }

            if (tenantHeader.Length > 0)
            {
                c.Request.Headers["X-Tenant-Id"] = tenantHeader;
            }
        });
        using var reader = new StreamReader(context.Response.Body);
        return new Reply(context.Response.StatusCode, context.Response.ContentType, await reader.ReadToEndAsync());
    }

    public Task<Reply> GetTenantAsync(string? user = null, params string?[] tenantHeader) => SendAsync("GET", "/tenant", user, tenantHeader);

    public Task<Reply> PlaceOrderAsync(string item, string? user = null, params string?[] tenantHeader) => SendAsync("POST", "/orders/" + item, user, tenantHeader);

    /// <summary>Every event the store holds, of every tenant (read outside any tenant, as an operator would).</summary>
    public async Task<List<RecordedEvent>> AllEventsAsync()
    {
        var store = _app.Services.GetRequiredService<InMemoryEventStore>();
        var events = new List<RecordedEvent>();
        await foreach (var recorded in store.ReadAllAsync(new ReadAllOptions()))
        {
            events.Add(recorded);
        }

        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A response: status, content type and body.</summary>
public sealed record Reply(int Status, string? ContentType, string Body)
{
    /// <summary>The problem+json body's members.</summary>
    public JsonElement Problem()
    {
        Assert.Equal("application/problem+json", ContentType);
        return JsonDocument.Parse(Body).RootElement.Clone();
    }
}
