using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using static Madoguchi.Server.Tests.ApplicantClient;
using static Madoguchi.Server.Tests.PortalFlowTests;

namespace Madoguchi.Server.Tests;

/// <summary>sealPolicy on the portal and the API: the landing page's words, the declaration checkbox, identity-verified sign-in.</summary>
public sealed class SealPolicyTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private static readonly Lazy<Task<TestOidcProvider>> Provider = new(TestOidcProvider.StartAsync);
    private static readonly ConcurrentDictionary<string, Lazy<Task<MadoguchiFactory>>> OidcFactories = new();

    private static Task<MadoguchiFactory> OidcFactoryAsync(string provider, TestOidcProvider oidc) =>
        OidcFactories.GetOrAdd(provider, p => new Lazy<Task<MadoguchiFactory>>(() => MadoguchiFactory.StartAsync(p, new Dictionary<string, string?>
        {
            ["Madoguchi:ApplicantOidc:Authority"] = oidc.Issuer,
            ["Madoguchi:ApplicantOidc:ClientId"] = TestOidcProvider.ClientId,
            ["Madoguchi:ApplicantOidc:ClientSecret"] = TestOidcProvider.ClientSecret,
            ["Madoguchi:ApplicantOidc:DisplayName"] = "テストID",
            ["Madoguchi:ApplicantOidc:RequireHttpsMetadata"] = "false",
        }))).Value;

    private const string Declaration = "記載事項は事実に相違ありません。";

    private static async Task PublishAsync(TestTenant tenant, string slug, string policy)
    {
        var extra = policy == "declaration"
            ? $"\"sealPolicy\": \"declaration\", \"declaration\": {{ \"ja\": \"{Declaration}\", \"en\": \"All of the above is true.\" }},"
            : $"\"sealPolicy\": \"{policy}\",";
        var json = SimpleJson(slug).Replace("\"applicantNameField\"", extra + " \"applicantNameField\"", StringComparison.Ordinal);
        using var create = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(create.IsSuccessStatusCode, await create.Content.ReadAsStringAsync());
        using var publish = await tenant.Api.PostAsync($"/api/v1/procedures/{slug}/publish", null);
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
    }

    /// <summary>Starts and fills the simple form; returns the draft's base URL.</summary>
    private static async Task<string> FillAsync(HttpClient client, string tenant, string slug)
    {
        var landing = await client.GetStringAsync($"/p/{tenant}/{slug}");
        using var start = await PostFormAsync(client, $"/p/{tenant}/{slug}/start", landing, new());
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var baseUrl = start.Headers.Location!.OriginalString[..^2];
        var page = await client.GetStringAsync(baseUrl + "/1");
        using var next = await PostFormAsync(client, baseUrl + "/1", page, new() { ["a.name"] = "宣誓 太郎", ["action"] = "next" });
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        return baseUrl;
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_landing_page_says_in_plain_words_what_each_policy_needs(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAsync(tenant, "no-seal", "none");
        await PublishAsync(tenant, "declare", "declaration");
        await PublishAsync(tenant, "identified", "identity");
        var client = PortalClient.Create(factory);

        Assert.Contains("押印は不要です。</p>", Normalize(await client.GetStringAsync($"/p/{tenant.Slug}/no-seal")), StringComparison.Ordinal);
        Assert.Contains("申請内容が正しいことを宣誓するチェックが必要です", await client.GetStringAsync($"/p/{tenant.Slug}/declare"), StringComparison.Ordinal);
        var identity = await client.GetStringAsync($"/p/{tenant.Slug}/identified");
        Assert.Contains("本人確認済みのアカウントでのログインが必要です", identity, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"identity-sign-in\"", identity, StringComparison.Ordinal); // no provider configured here
        Assert.Contains("must tick a declaration", await client.GetStringAsync($"/p/{tenant.Slug}/declare?lang=en"), StringComparison.Ordinal);
    }

    private static string Normalize(string html) => System.Text.RegularExpressions.Regex.Replace(html, @"\s+</p>", "</p>");

    [Theory, MemberData(nameof(Providers))]
    public async Task A_declaration_must_be_ticked_and_is_recorded_with_its_time(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAsync(tenant, "declare", "declaration");
        var client = PortalClient.Create(factory);
        var baseUrl = await FillAsync(client, tenant.Slug, "declare");

        var confirm = await client.GetStringAsync(baseUrl + "/confirm");
        Assert.Contains("id=\"declared\" name=\"declared\" value=\"yes\"", confirm, StringComparison.Ordinal);
        Assert.Contains(Declaration, confirm, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"error-summary\"", confirm, StringComparison.Ordinal);

        using (var unticked = await PostFormAsync(client, baseUrl + "/submit", confirm, new()))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, unticked.StatusCode);
            var html = await unticked.Content.ReadAsStringAsync();
            Assert.Contains("id=\"error-summary\"", html, StringComparison.Ordinal);
            Assert.Contains("href=\"#declared\"", html, StringComparison.Ordinal);
            Assert.Contains("宣誓の内容を確認し、チェックを入れてください。", html, StringComparison.Ordinal);
            Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        }

        Assert.Equal(0, await TestProcedures.CountApplicationsAsync(tenant, "declare"));

        var before = DateTime.UtcNow.AddSeconds(-5);
        using (var ticked = await PostFormAsync(client, baseUrl + "/submit", confirm, new() { ["declared"] = "yes" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, ticked.StatusCode);
        }

        var done = await client.GetStringAsync(baseUrl + "/done");
        var receipt = System.Text.RegularExpressions.Regex.Match(done, "id=\"receipt-number\">([^<]+)<").Groups[1].Value;
        var application = await ApplicationAsync(tenant, receipt);
        Assert.Equal(Declaration, application.DeclarationText);
        Assert.NotNull(application.DeclaredAt);
        Assert.InRange(application.DeclaredAt!.Value, before, DateTime.UtcNow.AddSeconds(5));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_procedure_without_a_declaration_records_none(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAsync(tenant, "no-seal", "none");
        var client = PortalClient.Create(factory);
        var baseUrl = await FillAsync(client, tenant.Slug, "no-seal");
        var confirm = await client.GetStringAsync(baseUrl + "/confirm");
        Assert.DoesNotContain("name=\"declared\"", confirm, StringComparison.Ordinal);
        using var submit = await PostFormAsync(client, baseUrl + "/submit", confirm, new());
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        var application = await WithTenantAsync(tenant, (_, db) => db.Applications.AsNoTracking().SingleAsync());
        Assert.Null(application.DeclaredAt);
        Assert.Null(application.DeclarationText);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_api_needs_declared_true_for_a_declaration_procedure_and_refuses_identity_procedures(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAsync(tenant, "declare", "declaration");
        await PublishAsync(tenant, "identified", "identity");
        var answers = new JsonObject { ["name"] = "API 太郎" };

        using (var missing = await TestProcedures.SubmitAsync(tenant.Api, "declare", new JsonObject { ["answers"] = answers.DeepClone() }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
            var problem = await TestProcedures.ReadJsonAsync(missing);
            Assert.Equal("declarationRequired", (string?)problem["code"]);
            Assert.Contains(Declaration, (string?)problem["ja"], StringComparison.Ordinal);
        }

        using (var declared = await TestProcedures.SubmitAsync(tenant.Api, "declare", new JsonObject { ["answers"] = answers.DeepClone(), ["declared"] = true, ["language"] = "en" }))
        {
            Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
            var receipt = (string)(await TestProcedures.ReadJsonAsync(declared))["receiptNumber"]!;
            var application = await ApplicationAsync(tenant, receipt);
            Assert.Equal("All of the above is true.", application.DeclarationText);
            Assert.NotNull(application.DeclaredAt);
        }

        using var identity = await TestProcedures.SubmitAsync(tenant.Api, "identified", new JsonObject { ["answers"] = answers.DeepClone() });
        Assert.Equal(HttpStatusCode.Forbidden, identity.StatusCode);
        var refused = await TestProcedures.ReadJsonAsync(identity);
        Assert.Equal("identityRequired", (string?)refused["code"]);
        Assert.False(string.IsNullOrEmpty((string?)refused["en"]));
        Assert.Equal(0, await TestProcedures.CountApplicationsAsync(tenant, "identified"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Identity_needs_a_provider_sign_in_and_a_password_account_is_told_what_to_do(string provider)
    {
        var oidc = await Provider.Value;
        var factory = await OidcFactoryAsync(provider, oidc);
        var tenant = await factory.CreateTenantAsync();
        await PublishAsync(tenant, "identified", "identity");

        // A guest and a verified e-mail/password account are both refused, with the provider's sign-in link.
        var (password, _) = await SignedInAsync(tenant);
        foreach (var client in new[] { PortalClient.Create(factory), password })
        {
            var landing = await client.GetStringAsync($"/p/{tenant.Slug}/identified");
            Assert.Contains("id=\"identity-sign-in\"", landing, StringComparison.Ordinal);
            using var start = await PostFormAsync(client, $"/p/{tenant.Slug}/identified/start", landing, new());
            Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
            var html = await start.Content.ReadAsStringAsync();
            Assert.Contains("本人確認済みのログインが必要です", html, StringComparison.Ordinal);
            Assert.Contains("テストIDでログインする", html, StringComparison.Ordinal);
            Assert.Contains($"href=\"/p/{tenant.Slug}/account/oidc?returnUrl=", html, StringComparison.Ordinal);
        }

        // Signed in through the provider: the applicant applies and the application is theirs.
        var identified = PortalClient.Create(factory);
        var subject = "gbiz-" + Guid.NewGuid().ToString("N");
        oidc.Next = new TestOidcProvider.Identity(subject, $"{subject}@example.jp", EmailVerified: true);
        using (var challenge = await identified.GetAsync($"/p/{tenant.Slug}/account/oidc?returnUrl={Uri.EscapeDataString($"/p/{tenant.Slug}/identified")}"))
        {
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            using var atProvider = await browser.GetAsync(challenge.Headers.Location!);
            using var back = await identified.GetAsync(atProvider.Headers.Location!.PathAndQuery);
            using var complete = await identified.GetAsync(back.Headers.Location!.OriginalString);
            Assert.Equal($"/p/{tenant.Slug}/identified", complete.Headers.Location!.OriginalString);
        }

        var baseUrl = await FillAsync(identified, tenant.Slug, "identified");
        var confirm = await identified.GetStringAsync(baseUrl + "/confirm");
        using (var submit = await PostFormAsync(identified, baseUrl + "/submit", confirm, new()))
        {
            Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        }

        var application = await WithTenantAsync(tenant, (_, db) => db.Applications.AsNoTracking().SingleAsync());
        var account = await WithTenantAsync(tenant, (_, db) => db.ApplicantAccounts.AsNoTracking().SingleAsync(a => a.ExternalSubject == subject));
        Assert.Equal(account.Id, application.ApplicantAccountId);
    }
}
