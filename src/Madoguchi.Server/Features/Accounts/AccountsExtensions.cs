using System.Security.Claims;
using System.Text.Encodings.Web;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Server.Features.Accounts;

public static class Roles
{
    public const string Admin = "admin";
    public const string Staff = "staff";
    public static readonly string[] All = [Admin, Staff];
}

public static class Policies
{
    /// <summary>Signed-in staff (admin or staff role) through the back-office cookie.</summary>
    public const string Staff = "staff";

    /// <summary>Automation through an API key, or signed-in staff.</summary>
    public const string Api = "api";

    public const string Admin = "admin";

    /// <summary>Webhook subscriptions through the API: an API key with the "webhooks" scope, or a signed-in admin.</summary>
    public const string ApiWebhooks = "api:webhooks";
}

/// <summary>API key scopes; a key without a list (made before scopes existed) has them all.</summary>
public static class ApiScopes
{
    public const string ClaimType = "madoguchi:scope";
    public const string Webhooks = "webhooks";
    public static readonly string[] All = [Webhooks];
}

public static class AccountsExtensions
{
    private const string SelectorScheme = "madoguchi";

    public static void AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddIdentity<AppUser, AppRole>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<TenantClaimsFactory>();

        // Check the security stamp on every staff request: sign-out, a password change or a disabled account takes
        // effect at once on every node. Staff traffic is small; the API uses keys, not cookies.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);

        // Secure, __Host- cookies unless an operator explicitly runs over plain HTTP (development, tests).
        var secureCookies = builder.Configuration.GetValue("Madoguchi:SecureCookies", true);
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = secureCookies ? "__Host-madoguchi" : "madoguchi";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/staff/login";
            o.LogoutPath = "/staff/logout";
            o.AccessDeniedPath = "/staff/login";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx, StatusCodes.Status403Forbidden);
        });

        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = secureCookies ? "__Host-madoguchi-af" : "madoguchi-af";
            o.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        // One default scheme that picks the API key when a request carries one and the staff cookie otherwise,
        // so the tenant is known from the first middleware on.
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = SelectorScheme;
                o.DefaultAuthenticateScheme = SelectorScheme;
            })
            .AddPolicyScheme(SelectorScheme, null, o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.ContainsKey("X-Api-Key") || ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.All).RequireClaim(TenantScope.ClaimType))
            .AddPolicy(Policies.Admin, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Admin).RequireClaim(TenantScope.ClaimType))
            .AddPolicy(Policies.Api, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName, IdentityConstants.ApplicationScheme).RequireClaim(TenantScope.ClaimType))
            .AddPolicy(Policies.ApiWebhooks, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName, IdentityConstants.ApplicationScheme).RequireClaim(TenantScope.ClaimType)
                .RequireAssertion(c => c.User.HasClaim(ApiScopes.ClaimType, ApiScopes.Webhooks) || c.User.IsInRole(Roles.Admin)));

        builder.Services.AddScoped<ApiKeyService>();
        builder.Services.AddCascadingAuthenticationState();
    }

    /// <summary>The cookie becomes __Host- only over HTTPS; plain-HTTP development keeps a name browsers accept.</summary>
    public static void UseAccounts(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            // Every authenticated principal carries exactly one tenant; it scopes staff and API requests. The public
            // portal takes its tenant from the URL, so a signed-in clerk can still open another city's portal.
            if ((context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/staff"))
                && context.User.FindFirst(TenantScope.ClaimType)?.Value is { } tenant && Guid.TryParse(tenant, out var tenantId))
            {
                context.RequestServices.GetRequiredService<TenantScope>().Set(tenantId);
            }

            await next();
        });
        app.UseAuthorization();
    }

    private static Task RedirectOrStatus(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Adds the tenant and display name to the sign-in cookie.</summary>
internal sealed class TenantClaimsFactory(UserManager<AppUser> users, RoleManager<AppRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, AppRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(TenantScope.ClaimType, user.TenantId.ToString()));
        identity.AddClaim(new Claim("madoguchi:display_name", user.DisplayName));
        return identity;
    }
}

/// <summary>Creates and checks API keys. A key is shown once; only its SHA-256 is stored.</summary>
public sealed class ApiKeyService(AppDbContext db, TimeProvider clock)
{
    public const string KeyPrefix = "mdg_";

    public async Task<(ApiKey Key, string Secret)> CreateAsync(Guid tenantId, string name, CancellationToken cancellationToken, IReadOnlyList<string>? scopes = null)
    {
        var secret = KeyPrefix + Secrets.NewToken();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            Name = name,
            Prefix = secret[..8],
            KeyHash = Secrets.Sha256Hex(secret),
            Scopes = scopes is null ? null : string.Join(' ', scopes.Distinct(StringComparer.Ordinal)),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiKeys.Add(key);
        db.AuditRecords.Add(new AuditRecord
        {
            TenantId = tenantId,
            At = key.CreatedAt,
            Actor = "operator",
            Action = "apikey.created",
            EntityType = "apikey",
            EntityId = key.Id.ToString(),
            Details = System.Text.Json.JsonSerializer.Serialize(new { name, prefix = key.Prefix, scopes = key.Scopes }),
        });
        await db.SaveChangesAsync(cancellationToken);
        return (key, secret);
    }
}

/// <summary>Authenticates "Authorization: Bearer mdg_…" (or X-Api-Key) against the hashed keys, on every request.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<AppDbContext> contexts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    // Looked up on every request (a revoked key must fail at once, on every node), so the query is compiled once
    // per model (a host has one; the test host runs SQLite and PostgreSQL side by side).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel, Func<AppDbContext, string, CancellationToken, Task<ActiveKey?>>> FindActiveKeyByModel = new();

    private static Task<ActiveKey?> FindActiveKey(AppDbContext db, string hash, CancellationToken cancellationToken) =>
        FindActiveKeyByModel.GetOrAdd(db.Model, static _ => EF.CompileAsyncQuery((AppDbContext db, string hash, CancellationToken cancellationToken) =>
            db.ApiKeys.IgnoreQueryFilters().AsNoTracking()
                .Where(k => k.KeyHash == hash && k.RevokedAt == null)
                .Select(k => new ActiveKey(k.Id, k.TenantId, k.Name, k.Scopes))
                .SingleOrDefault()))(db, hash, cancellationToken);

    private sealed record ActiveKey(Guid Id, Guid TenantId, string Name, string? Scopes);

    /// <summary>Claim naming the API key an endpoint with <see cref="ApiKeyRecheckedOnWrite"/> must confirm in its write.</summary>
    public const string RecheckClaim = "madoguchi:apikey-recheck";

    // Keys found active in the database in the last few seconds (by hash), for endpoints that re-check them anyway.
    private const long RecentLifetimeMs = 10_000;
    private const int RecentCapacity = 10_000;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (ActiveKey Key, long At)> RecentlyActive = new(StringComparer.Ordinal);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? secret = null;
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            secret = authorization["Bearer ".Length..].Trim();
        }
        else if (Request.Headers.TryGetValue("X-Api-Key", out var header))
        {
            secret = header.ToString().Trim();
        }

        if (string.IsNullOrEmpty(secret))
        {
            return AuthenticateResult.NoResult();
        }

        if (!secret.StartsWith(ApiKeyService.KeyPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        var hash = Secrets.Sha256Hex(secret);
        var now = Environment.TickCount64;
        var recheck = false;
        ActiveKey? key;
        if (Context.GetEndpoint()?.Metadata.GetMetadata<ApiKeyRecheckedOnWrite>() is not null
            && RecentlyActive.TryGetValue(hash, out var recent) && now - recent.At < RecentLifetimeMs)
        {
            // The endpoint re-checks the key inside the transaction of its write, so revocation still counts from the
            // very next request; the round trip for the look-up is saved.
            key = recent.Key;
            recheck = true;
        }
        else
        {
            await using var db = await contexts.CreateDbContextAsync(Context.RequestAborted);
            key = await FindActiveKey(db, hash, Context.RequestAborted);
            if (key is null)
            {
                RecentlyActive.TryRemove(hash, out _);
                return AuthenticateResult.Fail("Unknown or revoked API key.");
            }

            if (RecentlyActive.Count >= RecentCapacity)
            {
                RecentlyActive.Clear();
            }

            RecentlyActive[hash] = (key, now);
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, key.Id.ToString()),
            new Claim(ClaimTypes.Name, "apikey:" + key.Name),
            new Claim(TenantScope.ClaimType, key.TenantId.ToString()),
            new Claim("madoguchi:actor", "apikey:" + key.Id),
        ], SchemeName);
        if (recheck)
        {
            identity.AddClaim(new Claim(RecheckClaim, key.Id.ToString()));
        }

        foreach (var scope in key.Scopes is null ? ApiScopes.All : key.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            identity.AddClaim(new Claim(ApiScopes.ClaimType, scope));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

/// <summary>
/// Endpoint metadata: the endpoint confirms, inside the transaction of its write, that the API key it was called with
/// is still active (and writes nothing if not), so authentication may take a recently checked key from memory.
/// </summary>
public sealed class ApiKeyRecheckedOnWrite;
