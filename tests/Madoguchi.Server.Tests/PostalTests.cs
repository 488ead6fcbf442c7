using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Server.Features.Admin;
using static Madoguchi.Server.Tests.PortalFlowTests;

namespace Madoguchi.Server.Tests;

/// <summary>郵便番号 → 住所: the lookup endpoint, the no-JS lookup in address fields, and the operator's import.</summary>
public sealed class PostalTests
{
    private const string Slug = "postal-test";

    private const string Definition = """
        {
          "format": 1, "slug": "postal-test", "title": { "ja": "住所テスト" }, "department": { "ja": "課" },
          "pages": [ { "id": "p", "title": { "ja": "住所" }, "fields": [
            { "id": "home", "type": "address", "label": { "ja": "住所", "en": "Address" }, "required": true } ] } ]
        }
        """;

    [Fact]
    public async Task Lookup_returns_every_place_a_code_stands_for()
    {
        var factory = await TestServers.GetAsync("sqlite");
        var client = factory.CreateClient();

        var one = await client.GetFromJsonAsync<JsonArray>("/postal/100-0001");
        Assert.NotNull(one);
        Assert.Equal("千代田", (string?)Assert.Single(one)!["town"]);
        Assert.Equal("東京都", (string?)one[0]!["prefecture"]);

        var both = await client.GetFromJsonAsync<JsonArray>("/postal/4980000"); // 愛知県 and 三重県
        Assert.Equal(["三重県", "愛知県"], both!.Select(a => (string)a!["prefecture"]!).Order(StringComparer.Ordinal));

        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/postal/0000000"))!);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/postal/abc"))!);
    }

    [Fact]
    public async Task Without_javascript_the_lookup_fills_the_address_or_lists_the_places_to_choose()
    {
        var factory = await TestServers.GetAsync("sqlite");
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
        var page = await client.GetStringAsync(baseUrl + "/1");

        using (var lookup = await PostFormAsync(client, baseUrl + "/1", page, new() { ["a.home.postalCode"] = "１００－０００１", ["action"] = "postal:home" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, lookup.StatusCode);
        }

        var filled = WebUtility.HtmlDecode(await client.GetStringAsync(baseUrl + "/1"));
        Assert.Contains("<option value=\"東京都\" selected", filled, StringComparison.Ordinal);
        Assert.Contains("value=\"千代田区\"", filled, StringComparison.Ordinal);
        Assert.Contains("value=\"千代田\"", filled, StringComparison.Ordinal);

        // 498-0000 covers places in two prefectures: the applicant chooses.
        using (var several = await PostFormAsync(client, baseUrl + "/1", page, new() { ["a.home.postalCode"] = "498-0000", ["action"] = "postal:home" }))
        {
            Assert.Contains("?postal=home", several.Headers.Location!.OriginalString, StringComparison.Ordinal);
            page = WebUtility.HtmlDecode(await client.GetStringAsync(baseUrl + "/1?postal=home"));
        }

        Assert.Contains("value=\"postalpick:home:0\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"postalpick:home:1\"", page, StringComparison.Ordinal);
        using (var pick = await PostFormAsync(client, baseUrl + "/1", page, new() { ["a.home.postalCode"] = "498-0000", ["action"] = "postalpick:home:1" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, pick.StatusCode);
        }

        var picked = WebUtility.HtmlDecode(await client.GetStringAsync(baseUrl + "/1"));
        Assert.Matches("<option value=\"(三重県|愛知県)\" selected", picked);
    }

    [Fact]
    public async Task Import_takes_a_clean_file_and_refuses_a_broken_one_without_touching_the_data()
    {
        var factory = await TestServers.GetAsync("sqlite");
        var folder = Directory.CreateTempSubdirectory("madoguchi-postal-").FullName;
        try
        {
            // The bundled sample is itself a valid utf_ken_all file, so importing it changes no lookup of other tests.
            using (var resource = typeof(Madoguchi.Core.Japanese.PostalCodeIndex).Assembly.GetManifestResourceStream("Madoguchi.Core.Japanese.Data.postal-sample.csv")!)
            using (var file = File.Create(Path.Combine(folder, "utf_ken_all.csv")))
            {
                await resource.CopyToAsync(file);
            }

            var broken = Path.Combine(folder, "broken.csv");
            await File.WriteAllTextAsync(broken, "\"13101\",\"100  \",\"1000001\",\"トウキョウト\"\r\nnot,a,row\r\n");

            var (code, output, error) = await RunAsync(factory, "postal", "import", broken);
            Assert.Equal(1, code);
            Assert.Contains("broken.csv:1", error, StringComparison.Ordinal);

            (code, output, error) = await RunAsync(factory, "postal", "import", Path.Combine(folder, "utf_ken_all.csv"));
            Assert.True(code == 0, error);
            Assert.Contains("imported", output, StringComparison.Ordinal);
            var lookup = await factory.CreateClient().GetFromJsonAsync<JsonArray>("/postal/1000001");
            Assert.Single(lookup!);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(MadoguchiFactory factory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await OperatorCommands.RunAsync(factory.Services, args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
