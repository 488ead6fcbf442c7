using System.Security.Claims;
using Madoguchi.Server.Features.Portal;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Madoguchi.Server.Features.Applicants;

public enum AccountPageKind
{
    Register,
    SignIn,
    Sent,
    Verify,
    Verified,
    Resend,
    Forgot,
    Reset,
    ResetDone,
}

/// <summary>A problem with one input of an account form: the input's id and the ja/en sentence.</summary>
public sealed record FormError(string Field, string Message);

public sealed record AccountPageModel(PortalChrome Chrome, AccountPageKind Kind)
{
    public IReadOnlyList<FormError> Errors { get; init; } = [];
    public string? Email { get; init; }
    public string? Token { get; init; }
    public string? ReturnUrl { get; init; }

    /// <summary>The button text for the operator's OpenID Connect provider; null when none is configured.</summary>
    public string? OidcName { get; init; }

    public string Base => $"/p/{Chrome.Tenant.Slug}/account";
}

/// <summary>
/// The applicant's account pages: register, verify, sign in and out, resend verification, forgotten password and
/// reset, and sign-in through the operator's OpenID Connect provider. Plain forms, post/redirect/get or re-render
/// with errors; the answers to "forgot", "resend" and "register" never reveal whether an address has an account.
/// </summary>
public static class AccountEndpoints
{
    public const string AccountPosts = RateLimitExtensions.AccountPosts;

    public static void MapApplicantAccountPages(this WebApplication app)
    {
        var group = app.MapGroup("/p/{tenant}/account").ExcludeFromDescription();
        group.MapGet("/register", (string tenant, PortalContext portal, IOptions<ApplicantOidcOptions> oidc, CancellationToken ct) =>
            ShowAsync(tenant, portal, AccountPageKind.Register, oidc.Value, ct));
        group.MapPost("/register", RegisterAsync).RequireRateLimiting(AccountPosts);
        group.MapGet("/login", (string tenant, string? returnUrl, PortalContext portal, IOptions<ApplicantOidcOptions> oidc, CancellationToken ct) =>
            ShowAsync(tenant, portal, AccountPageKind.SignIn, oidc.Value, ct, returnUrl: returnUrl));
        group.MapPost("/login", SignInAsync).RequireRateLimiting(AccountPosts);
        group.MapPost("/logout", SignOutAsync);
        group.MapGet("/verify", (string tenant, string? token, PortalContext portal, IOptions<ApplicantOidcOptions> oidc, CancellationToken ct) =>
            ShowAsync(tenant, portal, AccountPageKind.Verify, oidc.Value, ct, token: token));
        group.MapPost("/verify", VerifyAsync).RequireRateLimiting(AccountPosts);
        group.MapGet("/resend", (string tenant, PortalContext portal, IOptions<ApplicantOidcOptions> oidc, CancellationToken ct) =>
            ShowAsync(tenant, portal, AccountPageKind.Resend, oidc.Value, ct));
        group.MapPost("/resend", ResendAsync).RequireRateLimiting(AccountPosts);
        group.MapGet("/forgot", (string tenant, PortalContext portal, IOptions<ApplicantOidcOptions> oidc, CancellationToken ct) =>
            ShowAsync(tenant, portal, AccountPageKind.Forgot, oidc.Value, ct));
        group.MapPost("/forgot", ForgotAsync).RequireRateLimiting(AccountPosts);
        group.MapGet("/reset", ShowResetAsync);
        group.MapPost("/reset", ResetAsync).RequireRateLimiting(AccountPosts);
        group.MapGet("/sent", (string tenant, PortalContext portal, IOptions<ApplicantOidcOptions> oidc, CancellationToken ct) =>
            ShowAsync(tenant, portal, AccountPageKind.Sent, oidc.Value, ct));
        group.MapGet("/verified", (string tenant, PortalContext portal, IOptions<ApplicantOidcOptions> oidc, CancellationToken ct) =>
            ShowAsync(tenant, portal, AccountPageKind.Verified, oidc.Value, ct));
        group.MapGet("/reset-done", (string tenant, PortalContext portal, IOptions<ApplicantOidcOptions> oidc, CancellationToken ct) =>
            ShowAsync(tenant, portal, AccountPageKind.ResetDone, oidc.Value, ct));
        group.MapGet("/oidc", ChallengeAsync);
        group.MapGet("/oidc/complete", CompleteExternalAsync);
    }

    /// <summary>Only paths inside this tenant's portal: no scheme, host, protocol-relative or backslash tricks.</summary>
    public static string SafeReturn(string tenant, string? url)
    {
        var home = $"/p/{tenant}/my";
        return !string.IsNullOrEmpty(url) && url.StartsWith($"/p/{tenant}/", StringComparison.Ordinal)
            && !url.Contains("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal) && !url.Contains(':', StringComparison.Ordinal)
            ? url
            : home;
    }

    private static async Task<IResult> ShowAsync(string tenant, PortalContext portal, AccountPageKind kind, ApplicantOidcOptions oidc, CancellationToken ct, string? token = null, string? returnUrl = null)
    {
        if (!await portal.EnterAsync(tenant, ct))
        {
            return portal.NotFound();
        }

        return Page(portal, kind, oidc, token: token, returnUrl: returnUrl is null ? null : SafeReturn(tenant, returnUrl));
    }

    private static Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult Page(PortalContext portal, AccountPageKind kind, ApplicantOidcOptions oidc, IReadOnlyList<FormError>? errors = null, string? email = null, string? token = null, string? returnUrl = null, int status = StatusCodes.Status200OK) =>
        portal.Page<AccountPage>(new
        {
            Model = new AccountPageModel(portal.Chrome(), kind)
            {
                Errors = errors ?? [],
                Email = email,
                Token = token,
                ReturnUrl = returnUrl,
                OidcName = oidc.Enabled ? (oidc.DisplayName is { Length: > 0 } name ? name : portal.Ui.Get("applicant.oidcDefault")) : null,
            },
        }, errors is { Count: > 0 } && status == StatusCodes.Status200OK ? StatusCodes.Status422UnprocessableEntity : status);

    /// <summary>Enters the tenant and checks the antiforgery token; a non-null result is the answer to give.</summary>
    private static async Task<IResult?> EnterPostAsync(string tenant, PortalContext portal, CancellationToken ct)
    {
        if (!await portal.EnterAsync(tenant, ct))
        {
            return portal.NotFound();
        }

        return await portal.RejectForgeryAsync();
    }

    private static List<FormError> PasswordErrors(PortalContext portal, string password, string confirm)
    {
        var errors = new List<FormError>();
        if (password.Length < ApplicantAccounts.MinPasswordLength || password.Length > ApplicantAccounts.MaxPasswordLength)
        {
            errors.Add(new FormError("password", portal.Ui.Format("applicant.passwordLength", ApplicantAccounts.MinPasswordLength, ApplicantAccounts.MaxPasswordLength)));
        }
        else if (password != confirm)
        {
            errors.Add(new FormError("confirm", portal.Ui.Get("applicant.passwordMismatch")));
        }

        return errors;
    }

    private static async Task<IResult> RegisterAsync(string tenant, PortalContext portal, ApplicantAccounts accounts, IOptions<ApplicantOidcOptions> oidc, CancellationToken ct)
    {
        if (await EnterPostAsync(tenant, portal, ct) is { } stop)
        {
            return stop;
        }

        var form = await portal.Http.Request.ReadFormAsync(ct);
        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        var errors = new List<FormError>();
        if (ApplicantAccounts.NormalizeEmail(email) is null)
        {
            errors.Add(new FormError("email", portal.Ui.Get("applicant.emailInvalid")));
        }

        errors.AddRange(PasswordErrors(portal, password, form["confirm"].ToString()));
        if (errors.Count > 0)
        {
            return Page(portal, AccountPageKind.Register, oidc.Value, errors, email);
        }

        await accounts.RegisterAsync(tenant, email, password, UiText.CurrentLanguage, ct);
        return Results.Redirect($"/p/{tenant}/account/sent");
    }

    private static async Task<IResult> SignInAsync(string tenant, PortalContext portal, ApplicantAccounts accounts, IOptions<ApplicantOidcOptions> oidc, CancellationToken ct)
    {
        if (await EnterPostAsync(tenant, portal, ct) is { } stop)
        {
            return stop;
        }

        var form = await portal.Http.Request.ReadFormAsync(ct);
        var email = form["email"].ToString().Trim();
        var returnUrl = SafeReturn(tenant, form["returnUrl"].ToString());
        var (outcome, account) = await accounts.CheckPasswordAsync(email, form["password"].ToString(), ct);
        if (outcome != SignInOutcome.Succeeded || account is null)
        {
            var message = portal.Ui.Get(outcome == SignInOutcome.LockedOut ? "applicant.lockedOut" : "applicant.signInFailed");
            return Page(portal, AccountPageKind.SignIn, oidc.Value, [new FormError("email", message)], email, returnUrl: returnUrl, status: StatusCodes.Status401Unauthorized);
        }

        await accounts.SignInAsync(portal.Http, account);
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> SignOutAsync(string tenant, PortalContext portal, CancellationToken ct)
    {
        if (await EnterPostAsync(tenant, portal, ct) is { } stop)
        {
            return stop;
        }

        await portal.Http.SignOutAsync(ApplicantAuth.Scheme);
        return Results.Redirect($"/p/{tenant}");
    }

    private static async Task<IResult> VerifyAsync(string tenant, PortalContext portal, ApplicantAccounts accounts, IOptions<ApplicantOidcOptions> oidc, CancellationToken ct)
    {
        if (await EnterPostAsync(tenant, portal, ct) is { } stop)
        {
            return stop;
        }

        var form = await portal.Http.Request.ReadFormAsync(ct);
        if (!await accounts.VerifyEmailAsync(form["token"].ToString(), ct))
        {
            return Page(portal, AccountPageKind.Resend, oidc.Value, [new FormError("email", portal.Ui.Get("applicant.linkInvalid"))]);
        }

        return Results.Redirect($"/p/{tenant}/account/verified");
    }

    private static async Task<IResult> ResendAsync(string tenant, PortalContext portal, ApplicantAccounts accounts, CancellationToken ct)
    {
        if (await EnterPostAsync(tenant, portal, ct) is { } stop)
        {
            return stop;
        }

        var form = await portal.Http.Request.ReadFormAsync(ct);
        await accounts.ResendVerificationAsync(tenant, form["email"].ToString(), ct);
        return Results.Redirect($"/p/{tenant}/account/sent");
    }

    private static async Task<IResult> ForgotAsync(string tenant, PortalContext portal, ApplicantAccounts accounts, CancellationToken ct)
    {
        if (await EnterPostAsync(tenant, portal, ct) is { } stop)
        {
            return stop;
        }

        var form = await portal.Http.Request.ReadFormAsync(ct);
        await accounts.RequestPasswordResetAsync(tenant, form["email"].ToString(), ct);
        return Results.Redirect($"/p/{tenant}/account/sent");
    }

    private static async Task<IResult> ShowResetAsync(string tenant, string? token, PortalContext portal, ApplicantAccounts accounts, IOptions<ApplicantOidcOptions> oidc, CancellationToken ct)
    {
        if (!await portal.EnterAsync(tenant, ct))
        {
            return portal.NotFound();
        }

        return await accounts.IsResetTokenValidAsync(token ?? "", ct)
            ? Page(portal, AccountPageKind.Reset, oidc.Value, token: token)
            : Page(portal, AccountPageKind.Forgot, oidc.Value, [new FormError("email", portal.Ui.Get("applicant.linkInvalid"))]);
    }

    private static async Task<IResult> ResetAsync(string tenant, PortalContext portal, ApplicantAccounts accounts, IOptions<ApplicantOidcOptions> oidc, CancellationToken ct)
    {
        if (await EnterPostAsync(tenant, portal, ct) is { } stop)
        {
            return stop;
        }

        var form = await portal.Http.Request.ReadFormAsync(ct);
        var token = form["token"].ToString();
        var password = form["password"].ToString();
        var errors = PasswordErrors(portal, password, form["confirm"].ToString());
        if (errors.Count > 0)
        {
            return Page(portal, AccountPageKind.Reset, oidc.Value, errors, token: token);
        }

        if (!await accounts.ResetPasswordAsync(token, password, ct))
        {
            return Page(portal, AccountPageKind.Forgot, oidc.Value, [new FormError("email", portal.Ui.Get("applicant.linkInvalid"))]);
        }

        // Every session of the account ended with the new stamp, this browser's included.
        await portal.Http.SignOutAsync(ApplicantAuth.Scheme);
        return Results.Redirect($"/p/{tenant}/account/reset-done");
    }

    private static async Task<IResult> ChallengeAsync(string tenant, string? returnUrl, PortalContext portal, IOptions<ApplicantOidcOptions> oidc, CancellationToken ct)
    {
        if (!oidc.Value.Enabled || !await portal.EnterAsync(tenant, ct))
        {
            return portal.NotFound();
        }

        var complete = $"/p/{tenant}/account/oidc/complete?returnUrl={Uri.EscapeDataString(SafeReturn(tenant, returnUrl))}";
        return Results.Challenge(new AuthenticationProperties { RedirectUri = complete }, [ApplicantAuth.OidcScheme]);
    }

    private static async Task<IResult> CompleteExternalAsync(string tenant, string? returnUrl, PortalContext portal, ApplicantAccounts accounts, IOptions<ApplicantOidcOptions> oidc, CancellationToken ct)
    {
        if (!oidc.Value.Enabled || !await portal.EnterAsync(tenant, ct))
        {
            return portal.NotFound();
        }

        var external = await portal.Http.AuthenticateAsync(ApplicantAuth.ExternalScheme);
        await portal.Http.SignOutAsync(ApplicantAuth.ExternalScheme);
        var subject = external.Succeeded ? external.Principal.FindFirst("sub") : null;
        if (subject is null || subject.Value.Length is 0 or > 300)
        {
            return Page(portal, AccountPageKind.SignIn, oidc.Value, [new FormError("email", portal.Ui.Get("applicant.externalFailed"))]);
        }

        var issuer = external.Principal!.FindFirstValue("iss") is { Length: > 0 } iss ? iss : subject.Issuer;
        var email = external.Principal!.FindFirstValue("email");
        var verified = string.Equals(external.Principal!.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase);
        var account = await accounts.FindOrCreateExternalAsync(issuer, subject.Value, email, verified, UiText.CurrentLanguage, ct);
        await accounts.SignInAsync(portal.Http, account);
        return Results.Redirect(SafeReturn(tenant, returnUrl));
    }
}
