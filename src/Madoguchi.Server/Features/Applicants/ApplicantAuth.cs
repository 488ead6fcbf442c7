using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Madoguchi.Server.Features.Applicants;

/// <summary>Operator settings for applicant sign-in through an OpenID Connect provider (e.g. GビズID), section Madoguchi:ApplicantOidc.</summary>
public sealed class ApplicantOidcOptions
{
    public const string Section = "Madoguchi:ApplicantOidc";

    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>The button text, e.g. 「GビズIDでログイン」; one text for both languages when the name is a brand.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Only for a provider on plain HTTP in development or tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>
/// Applicants authenticate with their own cookie scheme, apart from staff (no Identity tables, no roles): an applicant
/// cookie never opens the back office and a staff cookie never acts for an applicant.
/// </summary>
public static class ApplicantAuth
{
    public const string Scheme = "Applicant";
    public const string ExternalScheme = "ApplicantExternal";
    public const string OidcScheme = "ApplicantOidc";
    public const string OidcCallbackPath = "/signin-applicant-oidc";
    public const string TenantClaim = "madoguchi:applicant_tenant";
    public const string StampClaim = "madoguchi:applicant_stamp";

    public static void AddApplicants(this WebApplicationBuilder builder)
    {
        var secureCookies = builder.Configuration.GetValue("Madoguchi:SecureCookies", true);
        var oidc = builder.Configuration.GetSection(ApplicantOidcOptions.Section).Get<ApplicantOidcOptions>() ?? new ApplicantOidcOptions();
        builder.Services.Configure<ApplicantOidcOptions>(builder.Configuration.GetSection(ApplicantOidcOptions.Section));

        var authentication = builder.Services.AddAuthentication()
            .AddCookie(Scheme, o =>
            {
                o.Cookie.Name = secureCookies ? "__Host-madoguchi-applicant" : "madoguchi-applicant";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = "/";
                o.ExpireTimeSpan = TimeSpan.FromHours(1);
                o.SlidingExpiration = true;

                // Pages decide where to send an applicant who is not signed in (the tenant's own sign-in page).
                o.Events.OnRedirectToLogin = ctx => { ctx.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            })
            .AddCookie(ExternalScheme, o =>
            {
                o.Cookie.Name = secureCookies ? "__Host-madoguchi-applicant-ext" : "madoguchi-applicant-ext";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            });

        if (oidc.Enabled)
        {
            authentication.AddOpenIdConnect(OidcScheme, o =>
            {
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret;
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.UsePkce = true;
                o.CallbackPath = OidcCallbackPath;
                o.SignInScheme = ExternalScheme;
                o.MapInboundClaims = false;
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.Scope.Clear();
                o.Scope.Add("openid");
                o.Scope.Add("email");
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            });
        }

        builder.Services.AddScoped<ApplicantAccounts>();
        builder.Services.AddScoped<ApplicantAccess>();
        builder.Services.AddScoped<CaseMessages>();
    }

    public static void MapApplicants(this WebApplication app)
    {
        app.MapApplicantAccountPages();
        app.MapMyApplications();
    }
}
