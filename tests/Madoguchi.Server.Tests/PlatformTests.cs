using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Infrastructure;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

public sealed class PlatformTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task Invalid_definition_reports_every_problem_with_its_path_and_saves_nothing(string provider)
    {
        var tenant = await (await TestServers.GetAsync(provider)).CreateTenantAsync();
        var broken = AllTypesJson()
            .Replace("\"slug\": \"all-types\"", "\"slug\": \"Bad Slug!\"", StringComparison.Ordinal)
            .Replace("\"min\": 1, \"max\": 100", "\"min\": 100, \"max\": 1", StringComparison.Ordinal)
            .Replace("\"accept\": [\"pdf\", \"png\"]", "\"accept\": [\"exe\"]", StringComparison.Ordinal);
        using var response = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(broken, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ReadJsonAsync(response);
        var paths = problem["problems"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()).ToList();
        Assert.Contains("$.slug", paths);
        Assert.Contains(paths, p => p.StartsWith("$.pages[0].fields[4]", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.StartsWith("$.pages[1].fields[7].accept", StringComparison.Ordinal));
        Assert.All(problem["problems"]!.AsArray(), p => Assert.False(string.IsNullOrEmpty(p!["en"]?.GetValue<string>())));
        Assert.Equal("[]", await tenant.Api.GetStringAsync("/api/v1/procedures"));

        using var garbage = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent("{\"format\": 1, \"slug\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Application_keeps_the_version_it_was_made_with_after_republishing(string provider)
    {
        var tenant = await (await TestServers.GetAsync(provider)).CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        using var first = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers()));
        var id = (await ReadJsonAsync(first))["id"]!.GetValue<string>();

        using var update = await tenant.Api.PutAsync($"/api/v1/procedures/{AllTypesSlug}", new StringContent(AllTypesJson(titleJa: "全項目テスト 改訂"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var published = await ReadJsonAsync(await tenant.Api.PostAsync($"/api/v1/procedures/{AllTypesSlug}/publish", null));
        Assert.Equal(2, published["version"]!.GetValue<int>());

        var detail = await ReadJsonAsync(await tenant.Api.GetAsync($"/api/v1/applications/{id}"));
        Assert.Equal(1, detail["summary"]!["procedureVersion"]!.GetValue<int>());
        using var second = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers()));
        var detail2 = await ReadJsonAsync(await tenant.Api.GetAsync($"/api/v1/applications/{(await ReadJsonAsync(second))["id"]}"));
        Assert.Equal(2, detail2["summary"]!["procedureVersion"]!.GetValue<int>());

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Api.PostAsync($"/api/v1/procedures/{AllTypesSlug}/unpublish", null)).StatusCode);
        using var closed = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers()));
        Assert.Equal(HttpStatusCode.NotFound, closed.StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Inbox_filters_by_status_text_and_date_and_pages(string provider)
    {
        var tenant = await (await TestServers.GetAsync(provider)).CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        for (var i = 0; i < 5; i++)
        {
            var answers = ValidAnswers();
            answers["name"] = i == 3 ? "鈴木 一郎" : $"申請者{i}";
            using var r = await SubmitAsync(tenant.Api, AllTypesSlug, Body(answers));
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        }

        var byName = await ReadJsonAsync(await tenant.Api.GetAsync("/api/v1/applications?q=" + Uri.EscapeDataString("鈴木")));
        Assert.Equal(1, byName["total"]!.GetValue<int>());
        var receipt = byName["items"]![0]!["receiptNumber"]!.GetValue<string>();
        var byReceipt = await ReadJsonAsync(await tenant.Api.GetAsync("/api/v1/applications?q=" + receipt[..6].ToLowerInvariant()));
        Assert.Contains(byReceipt["items"]!.AsArray(), x => x!["receiptNumber"]!.GetValue<string>() == receipt);
        var page = await ReadJsonAsync(await tenant.Api.GetAsync("/api/v1/applications?pageSize=2&page=3"));
        Assert.Equal(5, page["total"]!.GetValue<int>());
        Assert.Single(page["items"]!.AsArray());
        Assert.Equal(5, (await ReadJsonAsync(await tenant.Api.GetAsync("/api/v1/applications?status=Received")))["total"]!.GetValue<int>());
        Assert.Equal(0, (await ReadJsonAsync(await tenant.Api.GetAsync("/api/v1/applications?status=Approved")))["total"]!.GetValue<int>());
        Assert.Equal(0, (await ReadJsonAsync(await tenant.Api.GetAsync("/api/v1/applications?from=2099-01-01T00:00:00Z")))["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, (await tenant.Api.GetAsync("/api/v1/applications?status=Nonsense")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Staff_account_locks_after_repeated_wrong_passwords(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var client = PortalClient.Create(factory);
        for (var i = 0; i < 5; i++)
        {
            var page = await client.GetStringAsync("/staff/login");
            using var wrong = await client.PostAsync("/staff/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = PortalClient.Token(page),
                ["email"] = tenant.AdminEmail,
                ["password"] = "wrong password " + i,
            }));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var login = await client.GetStringAsync("/staff/login");
        using var right = await client.PostAsync("/staff/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = PortalClient.Token(login),
            ["email"] = tenant.AdminEmail,
            ["password"] = tenant.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("ロック", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_carry_strict_security_headers_and_health_endpoints_answer()
    {
        var factory = await TestServers.GetAsync(TestServers.Sqlite);
        var client = factory.CreateClient();
        using var live = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal("nosniff", live.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", live.Headers.GetValues("X-Frame-Options").Single());
        var csp = live.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Openapi_document_describes_the_v1_endpoints()
    {
        var client = (await TestServers.GetAsync(TestServers.Sqlite)).CreateClient();
        var doc = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/procedures", paths);
        Assert.Contains("/api/v1/procedures/{slug}/applications", paths);
        Assert.Contains("/api/v1/applications/{id}", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/p/", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api-docs.html")).StatusCode);
    }

    [Fact]
    public void Every_ui_text_exists_in_japanese_and_english()
    {
        var ui = new UiText();
        Assert.NotEmpty(ui.Keys);
        foreach (var key in ui.Keys)
        {
            var (ja, en) = ui.Both(key);
            Assert.False(string.IsNullOrWhiteSpace(ja), $"{key} has no ja text");
            Assert.False(string.IsNullOrWhiteSpace(en), $"{key} has no en text");
        }
    }

    [Fact]
    public void Every_ui_text_key_used_in_the_code_is_defined()
    {
        var ui = new UiText();
        var source = Path.Combine(RepoRoot(), "src", "Madoguchi.Server");
        var pattern = new System.Text.RegularExpressions.Regex("(?:Ui|ui)\\.(?:Get|Format|Both)\\(\"([a-zA-Z.]*[a-zA-Z])\"|Pick\\(\"([a-zA-Z.]*[a-zA-Z])\"");
        var used = Directory.GetFiles(source, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal)) && !f.Contains("/obj/", StringComparison.Ordinal))
            .SelectMany(f => pattern.Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value))
            .Distinct()
            .ToList();
        Assert.NotEmpty(used);

        // Keys built at run time: every status, channel and audited case action has its text.
        used.AddRange(Enum.GetNames<Madoguchi.Data.Entities.ApplicationStatus>().Select(s => "status." + s));
        used.AddRange(Enum.GetNames<Madoguchi.Data.Entities.IntakeChannel>().Select(c => "channel." + c));
        used.AddRange(["audit.application.submitted", "audit.application.viewed", "audit.file.downloaded"]);
        Assert.All(used, key => Assert.Contains(key, ui.Keys));
    }

    [Theory]
    [InlineData("/staff/procedures/x", true)]
    [InlineData("//evil.example/staff", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("https://evil.example/staff", false)]
    [InlineData("/p/demo", false)]
    public void Return_url_after_login_stays_inside_the_back_office(string url, bool allowed) =>
        Assert.Equal(allowed, LoginEndpoints.IsLocal(url));
}

public sealed class SignOutTests
{
    [Fact]
    public async Task Signed_out_session_cookie_is_dead_even_when_replayed()
    {
        var factory = await TestServers.GetAsync(TestServers.Sqlite);
        var tenant = await factory.CreateTenantAsync();

        // Sign in by hand so the test holds the raw cookies, as someone who copied them would.
        var raw = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var loginPage = await raw.GetAsync("/staff/login");
        var antiforgeryCookie = Cookie(loginPage, "madoguchi-af");
        using var login = new HttpRequestMessage(HttpMethod.Post, "/staff/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = PortalClient.Token(await loginPage.Content.ReadAsStringAsync()),
                ["email"] = tenant.AdminEmail,
                ["password"] = tenant.AdminPassword,
            }),
        };
        login.Headers.Add("Cookie", antiforgeryCookie);
        using var signedIn = await raw.SendAsync(login);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = Cookie(signedIn, "madoguchi");
        var cookies = $"{session}; {antiforgeryCookie}";
        Assert.Equal(HttpStatusCode.OK, (await Send(raw, HttpMethod.Get, "/staff", cookies)).StatusCode);

        using var confirm = await Send(raw, HttpMethod.Get, "/staff/logout", cookies);
        var token = PortalClient.Token(await confirm.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(raw, HttpMethod.Post, "/staff/logout", cookies, new FormUrlEncodedContent([]))).StatusCode);
        using var signedOut = await Send(raw, HttpMethod.Post, "/staff/logout", cookies, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        // The old cookie, replayed: no longer a session.
        using var replayed = await Send(raw, HttpMethod.Get, "/staff", cookies);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Contains("/staff/login", replayed.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static string Cookie(HttpResponseMessage response, string name) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).First(c => c.StartsWith(name + "=", StringComparison.Ordinal));

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, string cookies, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add("Cookie", cookies);
        return await client.SendAsync(request);
    }
}
