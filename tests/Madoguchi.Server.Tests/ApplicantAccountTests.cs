using System.Net;
using Madoguchi.Data.Entities;
using Microsoft.EntityFrameworkCore;
using static Madoguchi.Server.Tests.ApplicantClient;
using static Madoguchi.Server.Tests.PortalFlowTests;

namespace Madoguchi.Server.Tests;

/// <summary>Applicant accounts: registration, verification, sign-in with lockout, password reset, without enumeration.</summary>
public sealed class ApplicantAccountTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task Register_verify_through_the_mailed_link_then_sign_in(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var client = PortalClient.Create(factory);
        var email = $"Hanako.{Guid.NewGuid():N}@Example.jp";

        // Bad input: 422 with a message for each field, nothing written.
        using (var bad = await RegisterAsync(client, tenant.Slug, "not-an-address", "short"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
            Assert.Contains("href=\"#email\"", html, StringComparison.Ordinal);
            Assert.Contains("パスワードは10文字以上", html, StringComparison.Ordinal);
        }

        using (var registered = await RegisterAsync(client, tenant.Slug, email))
        {
            Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
            Assert.Equal($"/p/{tenant.Slug}/account/sent", registered.Headers.Location!.OriginalString);
        }

        var mail = Assert.Single(await OutboxAsync(tenant, "account.verify_email"));
        Assert.Equal(email, (string?)mail["email"]);
        Assert.Equal("ja", (string?)mail["language"]);
        var url = (string)mail["url"]!;
        Assert.StartsWith($"http://localhost/p/{tenant.Slug}/account/verify?token=", url, StringComparison.Ordinal);

        // Only the hash of the token is stored.
        var token = url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        var stored = await WithTenantAsync(tenant, (_, db) => db.ApplicantTokens.AsNoTracking().SingleAsync());
        Assert.NotEqual(token, stored.TokenHash);
        Assert.Equal(Madoguchi.Server.Infrastructure.Secrets.Sha256Hex(token), stored.TokenHash);

        // Registering the same address again (any case) answers the same and sends nothing.
        using (var again = await RegisterAsync(PortalClient.Create(factory), tenant.Slug, email.ToUpperInvariant()))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
            Assert.Equal($"/p/{tenant.Slug}/account/sent", again.Headers.Location!.OriginalString);
        }

        Assert.Single(await OutboxAsync(tenant, "account.verify_email"));

        // Signed in but unverified: no applications shown.
        using (var early = await SignInAsync(client, tenant.Slug, email))
        {
            Assert.Equal(HttpStatusCode.Redirect, early.StatusCode);
        }

        var unverified = await client.GetStringAsync($"/p/{tenant.Slug}/my");
        Assert.Contains("id=\"unverified-notice\"", unverified, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"no-applications\"", unverified, StringComparison.Ordinal);

        using (var verified = await VerifyAsync(client, url))
        {
            Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
            Assert.Equal($"/p/{tenant.Slug}/account/verified", verified.Headers.Location!.OriginalString);
        }

        // The link works once.
        using (var reused = await VerifyAsync(PortalClient.Create(factory), url))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
            Assert.Contains("このリンクは使えません", WebUtility.HtmlDecode(await reused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        var fresh = PortalClient.Create(factory);
        using (var signIn = await SignInAsync(fresh, tenant.Slug, email.ToLowerInvariant()))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Equal($"/p/{tenant.Slug}/my", signIn.Headers.Location!.OriginalString);
            var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("madoguchi-applicant=", StringComparison.Ordinal));
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        }

        var my = await fresh.GetStringAsync($"/p/{tenant.Slug}/my");
        Assert.Contains("id=\"no-applications\"", my, StringComparison.Ordinal);

        // Signing out ends it.
        using (var signOut = await PostFormAsync(fresh, $"/p/{tenant.Slug}/account/logout", my, new()))
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        }

        using var after = await fresh.GetAsync($"/p/{tenant.Slug}/my");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith($"/p/{tenant.Slug}/account/login", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Repeated_wrong_passwords_lock_the_account_even_for_the_right_one(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var (_, email) = await SignedInAsync(tenant);
        var client = PortalClient.Create(factory);
        for (var i = 1; i <= 5; i++)
        {
            using var wrong = await SignInAsync(client, tenant.Slug, email, "wrong password " + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            var html = WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync());
            Assert.Contains(i < 5 ? "メールアドレスまたはパスワードが正しくありません" : "一時的にロックされています", html, StringComparison.Ordinal);
        }

        using var right = await SignInAsync(client, tenant.Slug, email);
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("一時的にロックされています", WebUtility.HtmlDecode(await right.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var audit = await WithTenantAsync(tenant, (_, db) => db.AuditRecords.AsNoTracking().Where(r => r.EntityType == "applicant").Select(r => r.Action).ToListAsync());
        Assert.Contains("applicant.lockedOut", audit);
        Assert.Contains("applicant.signInLockedOut", audit);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Password_reset_link_is_single_use_expires_and_never_tells_who_has_an_account(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var (oldSession, email) = await SignedInAsync(tenant);
        var client = PortalClient.Create(factory);
        var forgot = await client.GetStringAsync($"/p/{tenant.Slug}/account/forgot");

        // Known and unknown addresses get byte-for-byte the same answer.
        using var known = await PostFormAsync(client, $"/p/{tenant.Slug}/account/forgot", forgot, new() { ["email"] = email });
        using var unknown = await PostFormAsync(client, $"/p/{tenant.Slug}/account/forgot", forgot, new() { ["email"] = "nobody-" + email });
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(known.Headers.Location, unknown.Headers.Location);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        var mail = Assert.Single(await OutboxAsync(tenant, "account.password_reset"));
        Assert.Equal(email, (string?)mail["email"]);
        var url = new Uri((string)mail["url"]!);

        var form = await client.GetStringAsync(url.PathAndQuery);
        Assert.Contains("name=\"token\"", form, StringComparison.Ordinal);
        var token = System.Web.HttpUtility.ParseQueryString(url.Query)["token"]!;
        const string NewPassword = "sakura-momiji-ichou";
        using (var reset = await PostFormAsync(client, url.AbsolutePath, form, new() { ["token"] = token, ["password"] = NewPassword, ["confirm"] = NewPassword }))
        {
            Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        }

        using (var reused = await PostFormAsync(client, url.AbsolutePath, form, new() { ["token"] = token, ["password"] = "another-password-1", ["confirm"] = "another-password-1" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        }

        // The session from before the reset is dead; the new password works, the old one does not.
        using (var stale = await oldSession.GetAsync($"/p/{tenant.Slug}/my"))
        {
            Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        }

        using (var oldPassword = await SignInAsync(PortalClient.Create(factory), tenant.Slug, email))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        }

        using (var newPassword = await SignInAsync(PortalClient.Create(factory), tenant.Slug, email, NewPassword))
        {
            Assert.Equal(HttpStatusCode.Redirect, newPassword.StatusCode);
        }

        // An expired link is refused.
        using (var again = await PostFormAsync(client, $"/p/{tenant.Slug}/account/forgot", forgot, new() { ["email"] = email }))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }

        var expiring = new Uri((string)(await OutboxAsync(tenant, "account.password_reset")).Last()["url"]!);
        var expiringToken = System.Web.HttpUtility.ParseQueryString(expiring.Query)["token"]!;
        await WithTenantAsync(tenant, async (_, db) =>
        {
            var hash = Madoguchi.Server.Infrastructure.Secrets.Sha256Hex(expiringToken);
            var row = await db.ApplicantTokens.SingleAsync(t => t.TokenHash == hash);
            row.ExpiresAt = DateTime.UtcNow.AddMinutes(-1);
            return await db.SaveChangesAsync();
        });
        using (var expiredForm = await client.GetAsync(expiring.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, expiredForm.StatusCode);
        }

        using var expired = await PostFormAsync(client, expiring.AbsolutePath, form, new() { ["token"] = expiringToken, ["password"] = "another-password-2", ["confirm"] = "another-password-2" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, expired.StatusCode);
        Assert.Contains("このリンクは使えません", WebUtility.HtmlDecode(await expired.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_account_belongs_to_one_tenant(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenantA = await factory.CreateTenantAsync();
        var tenantB = await factory.CreateTenantAsync();
        var (client, email) = await SignedInAsync(tenantA);

        // Tenant A's cookie is nobody at tenant B, and A's address and password do not sign in there.
        using (var elsewhere = await client.GetAsync($"/p/{tenantB.Slug}/my"))
        {
            Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
            Assert.StartsWith($"/p/{tenantB.Slug}/account/login", elsewhere.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        using var signInB = await SignInAsync(PortalClient.Create(factory), tenantB.Slug, email);
        Assert.Equal(HttpStatusCode.Unauthorized, signInB.StatusCode);

        // The same address may register separately at tenant B.
        using var registerB = await RegisterAsync(PortalClient.Create(factory), tenantB.Slug, email);
        Assert.Equal(HttpStatusCode.Redirect, registerB.StatusCode);
        Assert.Single(await OutboxAsync(tenantB, "account.verify_email"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Account_posts_without_an_antiforgery_token_are_refused(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var client = PortalClient.Create(factory);
        using var response = await client.PostAsync($"/p/{tenant.Slug}/account/register", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "a@example.jp", ["password"] = Password, ["confirm"] = Password }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await OutboxAsync(tenant, "account.verify_email"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_link_used_twice_at_the_same_moment_works_once(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var email = $"race.{Guid.NewGuid():N}@example.jp";
        using (var registered = await RegisterAsync(PortalClient.Create(factory), tenant.Slug, email))
        {
            Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        }

        var url = (string)Assert.Single(await OutboxAsync(tenant, "account.verify_email"))["url"]!;
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var response = await VerifyAsync(PortalClient.Create(factory), url);
            return response.StatusCode;
        }));
        Assert.Single(results, r => r == HttpStatusCode.Redirect);
        Assert.Equal(3, results.Count(r => r == HttpStatusCode.UnprocessableEntity));
        var audits = await WithTenantAsync(tenant, (_, db) => db.AuditRecords.AsNoTracking().CountAsync(r => r.Action == "applicant.emailVerified"));
        Assert.Equal(1, audits);
    }

    [Fact]
    public async Task Account_posts_beyond_the_limit_get_429()
    {
        await using var factory = await MadoguchiFactory.StartAsync(TestServers.Sqlite, new Dictionary<string, string?>
        {
            ["Madoguchi:RateLimits:AccountPostsPerMinute"] = "2",
        });
        var tenant = await factory.CreateTenantAsync();
        var client = PortalClient.Create(factory);
        var forgot = await client.GetStringAsync($"/p/{tenant.Slug}/account/forgot");
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await PostFormAsync(client, $"/p/{tenant.Slug}/account/forgot", forgot, new() { ["email"] = "someone@example.jp" });
            codes.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], codes);
    }

    [Fact]
    public void Return_urls_stay_inside_the_tenant_portal()
    {
        Assert.Equal("/p/demo/my/ABC", Madoguchi.Server.Features.Applicants.AccountEndpoints.SafeReturn("demo", "/p/demo/my/ABC"));
        Assert.Equal("/p/demo/my", Madoguchi.Server.Features.Applicants.AccountEndpoints.SafeReturn("demo", "//evil.example/p/demo/"));
        Assert.Equal("/p/demo/my", Madoguchi.Server.Features.Applicants.AccountEndpoints.SafeReturn("demo", "https://evil.example/p/demo/x"));
        Assert.Equal("/p/demo/my", Madoguchi.Server.Features.Applicants.AccountEndpoints.SafeReturn("demo", "/p/other/my"));
        Assert.Equal("/p/demo/my", Madoguchi.Server.Features.Applicants.AccountEndpoints.SafeReturn("demo", "/staff"));
    }
}
