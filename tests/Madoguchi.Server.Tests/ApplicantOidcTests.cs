using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using static Madoguchi.Server.Tests.ApplicantClient;

namespace Madoguchi.Server.Tests;

/// <summary>Sign-in through the operator's OpenID Connect provider (code flow with PKCE) against an in-test provider.</summary>
public sealed class ApplicantOidcTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private static readonly Lazy<Task<TestOidcProvider>> Provider = new(TestOidcProvider.StartAsync);
    private static readonly ConcurrentDictionary<string, Lazy<Task<MadoguchiFactory>>> Factories = new();

    private static async Task<(TestOidcProvider Provider, MadoguchiFactory Factory)> StartAsync(string provider)
    {
        var oidc = await Provider.Value;
        var factory = await Factories.GetOrAdd(provider, p => new Lazy<Task<MadoguchiFactory>>(() => MadoguchiFactory.StartAsync(p, new Dictionary<string, string?>
        {
            ["Madoguchi:ApplicantOidc:Authority"] = oidc.Issuer,
            ["Madoguchi:ApplicantOidc:ClientId"] = TestOidcProvider.ClientId,
            ["Madoguchi:ApplicantOidc:ClientSecret"] = TestOidcProvider.ClientSecret,
            ["Madoguchi:ApplicantOidc:DisplayName"] = "テストIDでログイン",
            ["Madoguchi:ApplicantOidc:RequireHttpsMetadata"] = "false",
        }))).Value;
        return (oidc, factory);
    }

    /// <summary>Button → provider → callback → account, following each redirect the way a browser would.</summary>
    private static async Task<HttpResponseMessage> SignInThroughProviderAsync(HttpClient portal, string tenant)
    {
        using var challenge = await portal.GetAsync($"/p/{tenant}/account/oidc?returnUrl={Uri.EscapeDataString($"/p/{tenant}/my")}");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.Contains("code_challenge=", authorize.Query, StringComparison.Ordinal);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var atProvider = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, atProvider.StatusCode);
        var callback = atProvider.Headers.Location!;
        Assert.Equal("/signin-applicant-oidc", callback.AbsolutePath);

        using var back = await portal.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        return await portal.GetAsync(back.Headers.Location!.OriginalString);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Signing_in_with_the_provider_creates_one_account_per_subject(string provider)
    {
        var (oidc, factory) = await StartAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var client = PortalClient.Create(factory);
        var login = await client.GetStringAsync($"/p/{tenant.Slug}/account/login");
        Assert.Contains("id=\"oidc-sign-in\"", login, StringComparison.Ordinal);
        Assert.Contains("テストIDでログイン", login, StringComparison.Ordinal);

        var subject = "gbiz-" + Guid.NewGuid().ToString("N");
        var email = $"{subject}@example.jp";
        oidc.Next = new TestOidcProvider.Identity(subject, email, EmailVerified: true);
        var redeemed = oidc.PkceRedemptions;
        using (var done = await SignInThroughProviderAsync(client, tenant.Slug))
        {
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
            Assert.Equal($"/p/{tenant.Slug}/my", done.Headers.Location!.OriginalString);
        }

        Assert.True(oidc.PkceRedemptions > redeemed);
        var my = await client.GetStringAsync($"/p/{tenant.Slug}/my");
        Assert.Contains(email, my, StringComparison.Ordinal);
        Assert.Contains("id=\"no-applications\"", my, StringComparison.Ordinal); // verified by the provider

        // The same subject again, from another browser: the same account, not a second one.
        using (var again = await SignInThroughProviderAsync(PortalClient.Create(factory), tenant.Slug))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }

        var accounts = await WithTenantAsync(tenant, (_, db) => db.ApplicantAccounts.AsNoTracking().Where(a => a.ExternalSubject == subject).ToListAsync());
        var account = Assert.Single(accounts);
        Assert.Equal(oidc.Issuer, account.ExternalIssuer);
        Assert.NotNull(account.EmailVerifiedAt);
        Assert.Null(account.PasswordHash);
        Assert.Null(account.NormalizedEmail); // never a password sign-in key
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_address_the_provider_has_not_verified_does_not_count_as_verified(string provider)
    {
        var (oidc, factory) = await StartAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var client = PortalClient.Create(factory);
        oidc.Next = new TestOidcProvider.Identity("gbiz-" + Guid.NewGuid().ToString("N"), "unverified@example.jp", EmailVerified: false);
        using (var done = await SignInThroughProviderAsync(client, tenant.Slug))
        {
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        }

        var my = await client.GetStringAsync($"/p/{tenant.Slug}/my");
        Assert.Contains("id=\"unverified-notice\"", my, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_configuration_there_is_no_provider_button_and_no_challenge()
    {
        var factory = await TestServers.GetAsync(TestServers.Sqlite);
        var tenant = await factory.CreateTenantAsync();
        var client = PortalClient.Create(factory);
        Assert.DoesNotContain("oidc-sign-in", await client.GetStringAsync($"/p/{tenant.Slug}/account/login"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/p/{tenant.Slug}/account/oidc")).StatusCode);
    }
}
