namespace Madoguchi.Server.Infrastructure;

public static class SecurityHeadersExtensions
{
    /// <summary>Strict defaults on every response. Scripts only from our origin; no inline script anywhere.</summary>
    public static void UseSecurityHeaders(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var h = context.Response.Headers;
                h.XContentTypeOptions = "nosniff";
                // A page that may be framed (the designer's preview) sets its own policy; everything else is never framed.
                if (!h.ContainsKey("X-Frame-Options"))
                {
                    h.XFrameOptions = "DENY";
                }

                h["Referrer-Policy"] = "no-referrer";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                if (!h.ContainsKey("Content-Security-Policy"))
                {
                    // Blazor's server circuit needs ws: and wss: to our own origin ('self' covers them in current browsers).
                    h.ContentSecurityPolicy =
                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
                        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
                }

                return Task.CompletedTask;
            });
            await next();
        });
    }
}
