using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Accounts;

/// <summary>Staff sign-in and sign-out as plain form posts: the cookie must be set on an HTTP response, not a circuit.</summary>
public static class LoginEndpoints
{
    public static void MapLogin(this WebApplication app)
    {
        app.MapGet("/staff/login", (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            Page(http, antiforgery, null, null, returnUrl, StatusCodes.Status200OK)).ExcludeFromDescription();

        app.MapPost("/staff/login", LoginAsync).RequireRateLimiting(RateLimitExtensions.SignIns).ExcludeFromDescription().DisableAntiforgery();

        app.MapGet("/staff/logout", (HttpContext http, IAntiforgery antiforgery) =>
            new RazorComponentResult<LogoutPage>(new { Csrf = antiforgery.GetAndStoreTokens(http) })).ExcludeFromDescription();

        app.MapPost("/staff/logout", async (HttpContext http, IAntiforgery antiforgery, SignInManager<AppUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest();
            }

            // A new security stamp voids every copy of the old cookie, not just the one this browser deletes.
            if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
            }

            await signIn.SignOutAsync();
            return Results.Redirect("/staff/login");
        }).ExcludeFromDescription().DisableAntiforgery();
    }

    private static async Task<IResult> LoginAsync(HttpContext http, IAntiforgery antiforgery, SignInManager<AppUser> signIn, UiText ui, AppDbContext db, TimeProvider clock, ILoggerFactory loggers)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Page(http, antiforgery, ui.Get("portal.forgeryText"), null, null, StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync();
        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        var returnUrl = form["returnUrl"].ToString();
        var logger = loggers.CreateLogger("Madoguchi.Accounts");
        var user = email.Length is > 0 and <= 256 ? await signIn.UserManager.FindByEmailAsync(email) : null;
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        if (user is not null)
        {
            db.AuditRecords.Add(new AuditRecord
            {
                TenantId = user.TenantId,
                At = clock.GetUtcNow().UtcDateTime,
                Actor = "staff:" + user.Id,
                Action = result.Succeeded ? "login.succeeded" : result.IsLockedOut ? "login.lockedOut" : "login.failed",
                EntityType = "user",
                EntityId = user.Id.ToString(),
            });
            await db.SaveChangesAsync();
        }

        if (!result.Succeeded)
        {
            // Ids only: the typed e-mail address is personal data and stays out of the log.
            logger.LogWarning("Staff login failed for user {UserId} (locked out: {LockedOut})", user?.Id, result.IsLockedOut);
            var message = result.IsLockedOut ? ui.Get("staff.lockedOut") : ui.Get("staff.loginFailed");
            return Page(http, antiforgery, message, email, returnUrl, StatusCodes.Status401Unauthorized);
        }

        return Results.Redirect(IsLocal(returnUrl) ? returnUrl : "/staff");
    }

    /// <summary>Only same-site paths: no scheme, no protocol-relative "//host", no backslash tricks.</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains(':', StringComparison.Ordinal) && url.StartsWith("/staff", StringComparison.Ordinal);

    private static RazorComponentResult<LoginPage> Page(HttpContext http, IAntiforgery antiforgery, string? error, string? email, string? returnUrl, int status) =>
        new(new { Csrf = antiforgery.GetAndStoreTokens(http), Error = error, Email = email, ReturnUrl = IsLocal(returnUrl) ? returnUrl! : "/staff" }) { StatusCode = status };
}
