using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Madoguchi.Server.Infrastructure;

/// <summary>Per-client limits on the public, unauthenticated writes. Settings: Madoguchi:RateLimits.</summary>
public sealed class RateLimitSettings
{
    /// <summary>Portal form posts (start, page saves, submit) per client address and minute.</summary>
    public int PortalPostsPerMinute { get; set; } = 120;

    /// <summary>Status look-ups (receipt number + access code) per client address and minute.</summary>
    public int StatusLookupsPerMinute { get; set; } = 20;

    /// <summary>Staff sign-in attempts per client address and minute (accounts also lock after 5 failures).</summary>
    public int SignInsPerMinute { get; set; } = 20;

    /// <summary>Applicant account posts (register, sign in, verify, resend, forgot, reset) per client address and minute.</summary>
    public int AccountPostsPerMinute { get; set; } = 20;
}

public static class RateLimitExtensions
{
    public const string PortalPosts = "portal-posts";
    public const string StatusLookups = "status-lookups";
    public const string SignIns = "sign-ins";
    public const string AccountPosts = "account-posts";

    /// <summary>
    /// Fixed one-minute windows keyed by the client address. Behind a reverse proxy, configure forwarded headers
    /// (ASPNETCORE_FORWARDEDHEADERS_ENABLED=true) or every applicant shares the proxy's address.
    /// </summary>
    public static void AddRateLimits(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Madoguchi:RateLimits").Get<RateLimitSettings>() ?? new RateLimitSettings();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(
                    "短時間に多くの送信がありました。1分ほど待ってから、もう一度お試しください。\nToo many requests in a short time. Please wait a minute and try again.\n",
                    cancellationToken);
            };
            o.AddPolicy(PortalPosts, http => Window(http, settings.PortalPostsPerMinute));
            o.AddPolicy(StatusLookups, http => Window(http, settings.StatusLookupsPerMinute));
            o.AddPolicy(SignIns, http => Window(http, settings.SignInsPerMinute));
            o.AddPolicy(AccountPosts, http => Window(http, settings.AccountPostsPerMinute));
        });
    }

    private static RateLimitPartition<string> Window(HttpContext http, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, perMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
