using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

public sealed partial class PortalFlowTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task Applicant_without_javascript_completes_the_form_and_gets_a_receipt(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var client = PortalClient.Create(factory);

        var landing = await client.GetStringAsync($"/p/{tenant.Slug}/{AllTypesSlug}");
        Assert.Contains("全項目テスト", landing, StringComparison.Ordinal);
        var baseUrl = await StartAsync(client, tenant.Slug, landing);

        // Page 1 with two mistakes: 422, an error summary linking to the fields, values kept.
        var page1 = await client.GetStringAsync(baseUrl + "/1");
        using (var bad = await PostFormAsync(client, baseUrl + "/1", page1, new()
        {
            ["a.name"] = "山田 太郎",
            ["a.kana"] = "ﾔﾏﾀﾞ",
            ["a.count"] = "0",
            ["a.day"] = "",
            ["action"] = "next",
        }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            var html = await bad.Content.ReadAsStringAsync();
            Assert.Contains("id=\"error-summary\"", html, StringComparison.Ordinal);
            Assert.Contains("href=\"#f-count\"", html, StringComparison.Ordinal);
            Assert.Contains("href=\"#f-day\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("href=\"#f-name\"", html, StringComparison.Ordinal);
            Assert.Contains("value=\"山田 太郎\"", html, StringComparison.Ordinal);
            Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
            Assert.StartsWith("<!DOCTYPE html>", html.TrimStart(), StringComparison.Ordinal);
            Assert.Contains("<title>エラー: ", html, StringComparison.Ordinal);
        }

        using (var ok = await PostFormAsync(client, baseUrl + "/1", page1, new()
        {
            ["a.name"] = "山田 太郎",
            ["a.kana"] = "ﾔﾏﾀﾞ ﾀﾛｳ",
            ["a.count"] = "２",
            ["a.day"] = "R8.4.1",
            ["action"] = "next",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
            Assert.Equal(baseUrl + "/2", ok.Headers.Location!.OriginalString);
        }

        // Page 2 with a file whose content does not match its name: refused, nothing kept.
        var page2 = await client.GetStringAsync(baseUrl + "/2");
        var fields = new Dictionary<string, string>
        {
            ["a.kind"] = "b",
            ["a.agree"] = "yes",
            ["a.email"] = "hanako@example.jp",
            ["action"] = "next",
        };
        using (var mistyped = await PostMultipartAsync(client, baseUrl + "/2", page2, fields, ("a.doc", "scan.pdf", SmallPng)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, mistyped.StatusCode);
            var html = await mistyped.Content.ReadAsStringAsync();
            Assert.Contains("href=\"#f-doc\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("class=\"uploaded\"", html, StringComparison.Ordinal);
        }

        using (var withFile = await PostMultipartAsync(client, baseUrl + "/2", page2, fields, ("a.doc", "plan.pdf", SmallPdf)))
        {
            Assert.Equal(HttpStatusCode.Redirect, withFile.StatusCode);
            Assert.Equal(baseUrl + "/confirm", withFile.Headers.Location!.OriginalString);
        }

        var confirm = await client.GetStringAsync(baseUrl + "/confirm");
        var shown = WebUtility.HtmlDecode(confirm);
        Assert.Contains("ヤマダ\u3000タロウ", shown, StringComparison.Ordinal);
        Assert.Contains("令和8年4月1日", shown, StringComparison.Ordinal);
        Assert.Contains("plan.pdf", shown, StringComparison.Ordinal);

        // Submitting twice (a double click) yields one application and the same receipt.
        using var first = await PostFormAsync(client, baseUrl + "/submit", confirm, new());
        using var second = await PostFormAsync(client, baseUrl + "/submit", confirm, new());
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var done = await client.GetStringAsync(baseUrl + "/done");
        var receipt = ReceiptPattern().Match(done).Groups[1].Value;
        var code = AccessCodePattern().Match(done).Groups[1].Value;
        Assert.NotEmpty(receipt);
        Assert.NotEmpty(code);
        Assert.Equal(1, await CountApplicationsAsync(tenant));

        // Going back to a form page after submission lands on the receipt, not a second application.
        using (var again = await client.GetAsync(baseUrl + "/1"))
        {
            Assert.Equal(baseUrl + "/done", again.Headers.Location!.OriginalString);
        }

        // Status check with the receipt and code; a wrong code learns nothing.
        var statusForm = await client.GetStringAsync($"/status?tenant={tenant.Slug}");
        using (var wrong = await PostFormAsync(client, "/status", statusForm, new() { ["tenant"] = tenant.Slug, ["receipt"] = receipt, ["code"] = "0000-0000-0000-0000" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        }

        using var status = await PostFormAsync(client, "/status", statusForm, new() { ["tenant"] = tenant.Slug, ["receipt"] = receipt.ToLowerInvariant(), ["code"] = code.Replace("-", " ", StringComparison.Ordinal) });
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Contains("受付済", await status.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Draft_saved_on_one_device_resumes_from_its_link_on_another(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var phone = PortalClient.Create(factory);
        var baseUrl = await StartAsync(phone, tenant.Slug, await phone.GetStringAsync($"/p/{tenant.Slug}/{AllTypesSlug}"));
        var page1 = await phone.GetStringAsync(baseUrl + "/1");
        using var saved = await PostFormAsync(phone, baseUrl + "/1", page1, new() { ["a.name"] = "佐藤 花子", ["a.note"] = "一行目\n二行目", ["action"] = "save" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var laptop = PortalClient.Create(factory);
        var resumed = await laptop.GetStringAsync(baseUrl + "/1");
        Assert.Contains("value=\"佐藤 花子\"", resumed, StringComparison.Ordinal);
        Assert.Contains("一行目\n二行目", WebUtility.HtmlDecode(resumed), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await laptop.GetAsync(baseUrl[..^5] + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/1")).StatusCode);
    }

    [Fact]
    public async Task Form_with_too_many_values_is_a_client_error_not_a_crash()
    {
        var factory = await TestServers.GetAsync(TestServers.Sqlite);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var client = PortalClient.Create(factory);
        var baseUrl = await StartAsync(client, tenant.Slug, await client.GetStringAsync($"/p/{tenant.Slug}/{AllTypesSlug}"));
        var page1 = await client.GetStringAsync(baseUrl + "/1");
        var values = Enumerable.Range(0, 5000).Select(i => KeyValuePair.Create("x" + i, "1")).Append(KeyValuePair.Create("__RequestVerificationToken", PortalClient.Token(page1)));
        using var response = await client.PostAsync(baseUrl + "/1", new FormUrlEncodedContent(values));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Form_post_without_antiforgery_token_is_refused(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var client = PortalClient.Create(factory);
        using var response = await client.PostAsync($"/p/{tenant.Slug}/{AllTypesSlug}/start", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Pages_answer_in_english_when_asked_and_in_japanese_by_default(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var client = PortalClient.Create(factory);
        var ja = await client.GetStringAsync($"/p/{tenant.Slug}/{AllTypesSlug}");
        Assert.Contains("<html lang=\"ja\">", ja, StringComparison.Ordinal);
        Assert.Contains("申請を始める", ja, StringComparison.Ordinal);
        var en = await client.GetStringAsync($"/p/{tenant.Slug}/{AllTypesSlug}?lang=en");
        Assert.Contains("<html lang=\"en\">", en, StringComparison.Ordinal);
        Assert.Contains("Start now", en, StringComparison.Ordinal);
        Assert.Contains("All field types", en, StringComparison.Ordinal);
        // The choice sticks in a cookie for the next page.
        Assert.Contains("Start now", await client.GetStringAsync($"/p/{tenant.Slug}/{AllTypesSlug}"), StringComparison.Ordinal);
    }

    internal static async Task<string> StartAsync(HttpClient client, string tenant, string landing)
    {
        using var start = await PostFormAsync(client, $"/p/{tenant}/{AllTypesSlug}/start", landing, new());
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var location = start.Headers.Location!.OriginalString;
        Assert.EndsWith("/1", location, StringComparison.Ordinal);
        return location[..^2];
    }

    internal static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string pageWithToken, Dictionary<string, string> values)
    {
        values["__RequestVerificationToken"] = PortalClient.Token(pageWithToken);
        return client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    internal static Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string url, string pageWithToken, Dictionary<string, string> values, (string Name, string FileName, byte[] Content) file)
    {
        var content = new MultipartFormDataContent
        {
            { new StringContent(PortalClient.Token(pageWithToken)), "__RequestVerificationToken" },
        };
        foreach (var (k, v) in values)
        {
            content.Add(new StringContent(v), k);
        }

        var bytes = new ByteArrayContent(file.Content);
        bytes.Headers.ContentType = new MediaTypeHeaderValue(file.FileName.EndsWith(".pdf", StringComparison.Ordinal) ? "application/pdf" : "image/png");
        content.Add(bytes, file.Name, file.FileName);
        return client.PostAsync(url, content);
    }

    [GeneratedRegex("id=\"receipt-number\">([^<]+)<")]
    private static partial Regex ReceiptPattern();

    [GeneratedRegex("id=\"access-code\">([^<]+)<")]
    private static partial Regex AccessCodePattern();
}
