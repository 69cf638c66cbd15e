using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Whizbang.AspNetCore;

/// <summary>
/// Writes a refusal as an RFC 9457 (formerly 7807) problem: through the application's
/// <see cref="IProblemDetailsService"/> when it registered one (<c>services.AddProblemDetails()</c>), so its
/// customizations apply; otherwise as a small <c>application/problem+json</c> body written directly.
/// </summary>
internal static class TenantProblemWriter
{
    private const string ProblemJson = "application/problem+json";

    public static async Task WriteAsync(HttpContext context, TenantRefusal refusal)
    {
        var response = context.Response;
        response.StatusCode = refusal.Status;
        response.Headers.CacheControl = "no-store";

        if (context.RequestServices?.GetService<IProblemDetailsService>() is { } problems)
        {
            var problem = new ProblemDetails { Status = refusal.Status, Type = TypeOf(refusal.Status), Title = refusal.Title, Detail = refusal.Detail };
            problem.Extensions["reason"] = refusal.Reason;
            if (await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false))
            {
                return;
            }
        }

        var body = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("type", TypeOf(refusal.Status));
            json.WriteString("title", refusal.Title);
            json.WriteNumber("status", refusal.Status);
            json.WriteString("detail", refusal.Detail);
            json.WriteString("reason", refusal.Reason);
            json.WriteString("traceId", Activity.Current?.Id ?? context.TraceIdentifier);
            json.WriteEndObject();
        }

        response.ContentType = ProblemJson;
        response.ContentLength = body.WrittenCount;
        await response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static string TypeOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        StatusCodes.Status403Forbidden => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        _ => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
    };
}
