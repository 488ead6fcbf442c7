using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using static Madoguchi.Server.Tests.PortalFlowTests;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>Name, address, bank account, 和暦 picker, sections and repeat groups through the no-JS portal and the API.</summary>
public sealed class GroupFieldsPortalTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private const string Slug = "group-fields";

    private const string Definition = """
        {
          "format": 1, "slug": "group-fields", "title": { "ja": "グループ項目テスト", "en": "Group fields test" }, "department": { "ja": "テスト課" },
          "applicantNameField": "applicant",
          "pages": [
            { "id": "who", "title": { "ja": "申請者" }, "fields": [
              { "id": "applicant", "type": "name", "label": { "ja": "氏名", "en": "Name" }, "required": true },
              { "id": "born", "type": "date", "display": "wareki", "label": { "ja": "生年月日", "en": "Date of birth" }, "required": true },
              { "id": "more", "type": "section", "label": { "ja": "連絡先" }, "fields": [
                { "id": "home", "type": "address", "label": { "ja": "住所", "en": "Address" }, "required": true } ] }
            ] },
            { "id": "money", "title": { "ja": "経費" }, "fields": [
              { "id": "invoices", "type": "repeat", "label": { "ja": "請求書", "en": "Invoices" }, "rowLabel": { "ja": "請求書", "en": "Invoice" }, "minRows": 1, "maxRows": 5, "fields": [
                { "id": "vendor", "type": "text", "label": { "ja": "支払先", "en": "Payee" }, "required": true },
                { "id": "amount", "type": "integer", "label": { "ja": "金額", "en": "Amount" }, "unit": { "ja": "円" }, "required": true } ] },
              { "id": "account", "type": "bankAccount", "label": { "ja": "振込先", "en": "Bank account" } }
            ] }
          ]
        }
        """;

    private static async Task PublishAsync(TestTenant tenant)
    {
        using var create = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(Definition, Encoding.UTF8, "application/json"));
        Assert.True(create.IsSuccessStatusCode, await create.Content.ReadAsStringAsync());
        using var publish = await tenant.Api.PostAsync($"/api/v1/procedures/{Slug}/publish", null);
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Applicant_without_javascript_fills_composites_and_edits_rows_by_round_trips(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAsync(tenant);
        var client = PortalClient.Create(factory);

        var landing = await client.GetStringAsync($"/p/{tenant.Slug}/{Slug}");
        using var start = await PostFormAsync(client, $"/p/{tenant.Slug}/{Slug}/start", landing, new());
        var baseUrl = start.Headers.Location!.OriginalString[..^2];

        var page1 = await client.GetStringAsync(baseUrl + "/1");
        Assert.Contains("name=\"a.applicant.family\"", page1, StringComparison.Ordinal);
        Assert.Contains("name=\"a.born.era\"", page1, StringComparison.Ordinal);
        Assert.Contains("name=\"a.home.prefecture\"", page1, StringComparison.Ordinal);

        var answers = new Dictionary<string, string>
        {
            ["a.applicant.family"] = "髙橋",
            ["a.applicant.familyKana"] = "たかはし",
            ["a.applicant.givenKana"] = "ﾊﾅｺ",
            ["a.born.era"] = "平成",
            ["a.born.year"] = "元",
            ["a.born.month"] = "1",
            ["a.born.day"] = "8",
            ["a.home.postalCode"] = "１００－０００１",
            ["a.home.prefecture"] = "東京都",
            ["a.home.city"] = "千代田区",
            ["a.home.street"] = "千代田1-1",
            ["action"] = "next",
        };
        using (var missing = await PostFormAsync(client, baseUrl + "/1", page1, new(answers)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
            var html = await missing.Content.ReadAsStringAsync();
            Assert.Contains("href=\"#f-applicant.given\"", html, StringComparison.Ordinal);
            Assert.Contains("氏名（名）を入力してください。", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
            Assert.Contains("value=\"髙橋\"", html, StringComparison.Ordinal);
            Assert.Contains("<option value=\"平成\" selected", html, StringComparison.Ordinal);
        }

        answers["a.applicant.given"] = "花子";
        using (var ok = await PostFormAsync(client, baseUrl + "/1", page1, new(answers)))
        {
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
            Assert.Equal(baseUrl + "/2", ok.Headers.Location!.OriginalString);
        }

        // Rows without JavaScript: add a row by a round trip, fill both, remove the first.
        var page2 = await client.GetStringAsync(baseUrl + "/2");
        Assert.Contains("name=\"a.invoices[0].vendor\"", page2, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"a.invoices[1].vendor\"", page2, StringComparison.Ordinal);
        using (var add = await PostFormAsync(client, baseUrl + "/2", page2, new() { ["a.invoices[0].vendor"] = "最初の店", ["a.invoices[0].amount"] = "100", ["action"] = "addrow:invoices" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        }

        page2 = await client.GetStringAsync(baseUrl + "/2");
        Assert.Contains("name=\"a.invoices[1].vendor\"", page2, StringComparison.Ordinal);
        Assert.Contains("value=\"最初の店\"", page2, StringComparison.Ordinal);

        using (var remove = await PostFormAsync(client, baseUrl + "/2", page2, new()
        {
            ["a.invoices#rows"] = "2",
            ["a.invoices[0].vendor"] = "最初の店", ["a.invoices[0].amount"] = "100",
            ["a.invoices[1].vendor"] = "株式会社サンプル", ["a.invoices[1].amount"] = "１２，３４５",
            ["action"] = "delrow:invoices:0",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        }

        page2 = await client.GetStringAsync(baseUrl + "/2");
        Assert.DoesNotContain("最初の店", page2, StringComparison.Ordinal);
        Assert.Contains("value=\"株式会社サンプル\"", page2, StringComparison.Ordinal);

        using (var badRow = await PostFormAsync(client, baseUrl + "/2", page2, new()
        {
            ["a.invoices#rows"] = "1", ["a.invoices[0].vendor"] = "株式会社サンプル", ["a.invoices[0].amount"] = "十円", ["action"] = "next",
        }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, badRow.StatusCode);
            var html = WebUtility.HtmlDecode(await badRow.Content.ReadAsStringAsync());
            Assert.Contains("href=\"#f-invoices[0].amount\"", html, StringComparison.Ordinal);
            Assert.Contains("請求書（1行目）の金額", html, StringComparison.Ordinal);
        }

        using (var next = await PostFormAsync(client, baseUrl + "/2", page2, new()
        {
            ["a.invoices#rows"] = "1", ["a.invoices[0].vendor"] = "株式会社サンプル", ["a.invoices[0].amount"] = "12345", ["action"] = "next",
        }))
        {
            Assert.Equal(baseUrl + "/confirm", next.Headers.Location!.OriginalString);
        }

        var confirm = WebUtility.HtmlDecode(await client.GetStringAsync(baseUrl + "/confirm"));
        Assert.Contains("髙橋 花子 (タカハシ ハナコ)", confirm, StringComparison.Ordinal);
        Assert.Contains("1989-01-08 (平成元年1月8日)", confirm, StringComparison.Ordinal);
        Assert.Contains("〒100-0001 東京都千代田区千代田1-1", confirm, StringComparison.Ordinal);
        Assert.Contains("株式会社サンプル", confirm, StringComparison.Ordinal);
        Assert.Contains("12,345", confirm, StringComparison.Ordinal);

        using var submit = await PostFormAsync(client, baseUrl + "/submit", confirm, new());
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        var list = await tenant.Api.GetFromJsonAsync<JsonObject>($"/api/v1/applications?procedure={Slug}");
        var item = list!["items"]!.AsArray().Single()!;
        Assert.Equal("髙橋 花子", (string?)item["applicantName"]);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Api_accepts_nested_answers_and_reports_cells_and_parts_by_path(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAsync(tenant);

        JsonObject Answers() => new()
        {
            ["applicant"] = new JsonObject { ["family"] = "山田", ["given"] = "太郎", ["familyKana"] = "ヤマダ", ["givenKana"] = "タロウ" },
            ["born"] = "1990-05-01",
            ["home"] = new JsonObject { ["postalCode"] = "1000001", ["prefecture"] = "東京都", ["city"] = "千代田区", ["street"] = "千代田1-1" },
            ["invoices"] = new JsonArray(new JsonObject { ["vendor"] = "A商店", ["amount"] = 1000 }, new JsonObject { ["vendor"] = "B商店", ["amount"] = 2000 }),
            ["account"] = new JsonObject { ["bankCode"] = "0001", ["branchCode"] = "001", ["accountType"] = "1", ["accountNumber"] = "1234567", ["holderKana"] = "ヤマダ タロウ" },
        };

        using (var created = await SubmitAsync(tenant.Api, Slug, Body(Answers())))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await ReadJsonAsync(created))["id"]!.GetValue<Guid>();
            var stored = await tenant.Api.GetFromJsonAsync<JsonObject>($"/api/v1/applications/{id}");
            Assert.Equal(2000, stored!["answers"]!["invoices"]![1]!["amount"]!.GetValue<long>());
            Assert.Equal("太郎", (string?)stored["answers"]!["applicant"]!["given"]);
        }

        // Unknown parts and columns are a malformed request (400), named by their path.
        var malformed = Answers();
        malformed["applicant"]!["nickname"] = "タロ";
        malformed["invoices"]![0]!["color"] = "red";
        using (var refused = await SubmitAsync(tenant.Api, Slug, Body(malformed)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var text = await refused.Content.ReadAsStringAsync();
            Assert.Contains("applicant.nickname", text, StringComparison.Ordinal);
            Assert.Contains("invoices[0].color", text, StringComparison.Ordinal);
        }

        // A wrong value in a row is a validation problem (400, like every answer problem of the API) on that cell.
        var invalid = Answers();
        invalid["invoices"]![1]!["amount"] = "abc";
        using (var refused = await SubmitAsync(tenant.Api, Slug, Body(invalid)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("\"answers.invoices[1].amount\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(1, await CountApplicationsAsync(tenant, Slug));
    }
}
