using System.Net;
using System.Text;
using static Madoguchi.Server.Tests.PortalFlowTests;

namespace Madoguchi.Server.Tests;

/// <summary>Rules in the no-JS portal: conditional reveal by round trip, branches, calculated values, checks.</summary>
public sealed class PortalRulesTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private const string Slug = "rules-portal";

    private const string Definition = """
        {
          "format": 1, "slug": "rules-portal", "title": { "ja": "ルールテスト", "en": "Rules test" }, "department": { "ja": "課" },
          "pages": [
            { "id": "who", "title": { "ja": "申請者" }, "fields": [
              { "id": "kind", "type": "choice", "label": { "ja": "区分" }, "required": true, "choices": [
                { "value": "person", "label": { "ja": "個人" } }, { "value": "corp", "label": { "ja": "法人" } } ] },
              { "id": "corp", "type": "section", "label": { "ja": "法人の情報" }, "visibleWhen": "kind = 'corp'", "fields": [
                { "id": "corpName", "type": "text", "label": { "ja": "法人名" }, "required": true } ] }
            ], "next": [ { "when": "kind = 'person'", "goTo": "costs" } ] },
            { "id": "corpOnly", "title": { "ja": "法人の追加情報" }, "fields": [
              { "id": "capital", "type": "integer", "label": { "ja": "資本金" }, "unit": { "ja": "円" }, "required": true } ] },
            { "id": "costs", "title": { "ja": "経費" }, "fields": [
              { "id": "items", "type": "repeat", "label": { "ja": "経費" }, "rowLabel": { "ja": "経費" }, "minRows": 1, "fields": [
                { "id": "price", "type": "integer", "label": { "ja": "金額" }, "unit": { "ja": "円" }, "required": true } ] },
              { "id": "total", "type": "integer", "label": { "ja": "合計" }, "unit": { "ja": "円" }, "calculate": "sum(items.price)" },
              { "id": "subsidy", "type": "integer", "label": { "ja": "補助額" }, "unit": { "ja": "円" }, "calculate": "min(round(total * 2 / 3, 0), 3000000)" }
            ] }
          ],
          "checks": [ { "id": "limit", "assert": "total <= 10000000", "message": { "ja": "経費の合計は1,000万円以内にしてください。", "en": "Costs must total at most 10 million yen." }, "fields": ["items"] } ]
        }
        """;

    [Theory, MemberData(nameof(Providers))]
    public async Task Without_javascript_conditions_branches_and_calculations_work_by_round_trips(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        using (var create = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(Definition, Encoding.UTF8, "application/json")))
        {
            Assert.True(create.IsSuccessStatusCode, await create.Content.ReadAsStringAsync());
        }

        using (var publish = await tenant.Api.PostAsync($"/api/v1/procedures/{Slug}/publish", null))
        {
            Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        }

        var client = PortalClient.Create(factory);
        var landing = await client.GetStringAsync($"/p/{tenant.Slug}/{Slug}");
        using var start = await PostFormAsync(client, $"/p/{tenant.Slug}/{Slug}/start", landing, new());
        var baseUrl = start.Headers.Location!.OriginalString[..^2];

        // The corporate section depends on an answer of this page: rendered, hidden until shown.
        var page1 = await client.GetStringAsync(baseUrl + "/1");
        Assert.Contains("data-visible-when=\"kind = &#x27;corp&#x27;\"", page1, StringComparison.Ordinal);
        Assert.Contains("hidden", page1[page1.IndexOf("data-visible-when", StringComparison.Ordinal)..].Split('>')[0], StringComparison.Ordinal);
        Assert.Contains("id=\"madoguchi-rules\"", page1, StringComparison.Ordinal);

        // 法人 without its name: the round trip reveals the section with the error.
        using (var corp = await PostFormAsync(client, baseUrl + "/1", page1, new() { ["a.kind"] = "corp", ["action"] = "next" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, corp.StatusCode);
            var html = await corp.Content.ReadAsStringAsync();
            Assert.Contains("href=\"#f-corpName\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("hidden", html[html.IndexOf("data-visible-when", StringComparison.Ordinal)..].Split('>')[0], StringComparison.Ordinal);
        }

        // 個人: the branch skips the corporate page, and the name typed before is not kept.
        using (var person = await PostFormAsync(client, baseUrl + "/1", page1, new() { ["a.kind"] = "person", ["a.corpName"] = "株式会社X", ["action"] = "next" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, person.StatusCode);
            Assert.Equal(baseUrl + "/3", person.Headers.Location!.OriginalString);
        }

        var page3 = await client.GetStringAsync(baseUrl + "/3");
        Assert.Contains("2 / 2 ページ", WebUtility.HtmlDecode(page3), StringComparison.Ordinal); // the skipped page is not counted
        Assert.Contains("data-calculate=\"sum(items.price)\"", page3, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"a.total\"", page3, StringComparison.Ordinal); // calculated: not an input

        // Values over the limit: the check's own message, on the repeat group; calculated values shown.
        using (var over = await PostFormAsync(client, baseUrl + "/3", page3, new()
        {
            ["a.items#rows"] = "2", ["a.items[0].price"] = "9,000,000", ["a.items[1].price"] = "2000000", ["action"] = "next",
        }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
            var html = WebUtility.HtmlDecode(await over.Content.ReadAsStringAsync());
            Assert.Contains("経費の合計は1,000万円以内にしてください。", html, StringComparison.Ordinal);
            Assert.Contains("11,000,000 円", html, StringComparison.Ordinal);
            Assert.Contains("3,000,000 円", html, StringComparison.Ordinal);
        }

        using (var ok = await PostFormAsync(client, baseUrl + "/3", page3, new()
        {
            ["a.items#rows"] = "2", ["a.items[0].price"] = "1000", ["a.items[1].price"] = "500", ["action"] = "next",
        }))
        {
            Assert.Equal(baseUrl + "/confirm", ok.Headers.Location!.OriginalString);
        }

        // Back from the costs page returns to page 1, not to the skipped corporate page.
        using (var back = await PostFormAsync(client, baseUrl + "/3", page3, new() { ["a.items#rows"] = "2", ["a.items[0].price"] = "1000", ["a.items[1].price"] = "500", ["action"] = "back" }))
        {
            Assert.Equal(baseUrl + "/1", back.Headers.Location!.OriginalString);
        }

        var confirm = WebUtility.HtmlDecode(await client.GetStringAsync(baseUrl + "/confirm"));
        Assert.DoesNotContain("法人の追加情報", confirm, StringComparison.Ordinal);
        Assert.DoesNotContain("株式会社X", confirm, StringComparison.Ordinal);
        Assert.Contains("1,500 円", confirm, StringComparison.Ordinal);
        Assert.Contains("1,000 円", confirm, StringComparison.Ordinal); // round(1500 * 2 / 3)
    }
}
