using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Madoguchi.Core.Tests.Import;
using static Madoguchi.Server.Tests.PortalFlowTests;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>Every ODK fixture (XLSForm and XForm) imports through the API, publishes, and renders every page.</summary>
public sealed class OdkFixtureRenderTests
{
    public static TheoryData<string> Fixtures() =>
        new(Directory.GetFiles(Path.Combine(RepoRoot(), "tests", "fixtures", "odk")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory, MemberData(nameof(Fixtures))]
    public async Task Fixture_imports_publishes_and_renders_every_page(string fixture)
    {
        var factory = await TestServers.GetAsync("sqlite");
        var tenant = await factory.CreateTenantAsync();
        var isXlsForm = fixture.EndsWith(".xlsform.txt", StringComparison.Ordinal);
        var bytes = isXlsForm
            ? XlsxFixture.Open(fixture).ToArray()
            : await File.ReadAllBytesAsync(Path.Combine(RepoRoot(), "tests", "fixtures", "odk", fixture));
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(isXlsForm ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "application/xml");
        var slug = "odk-" + Path.GetFileNameWithoutExtension(fixture).Replace(".", "-", StringComparison.Ordinal);
        using var imported = await tenant.Api.PostAsync($"/api/v1/procedures/import-odk?department=テスト課&slug={slug}", content);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, $"{fixture}: {await imported.Content.ReadAsStringAsync()}");
        using (var publish = await tenant.Api.PostAsync($"/api/v1/procedures/{slug}/publish", null))
        {
            Assert.True(publish.StatusCode == HttpStatusCode.OK, $"{fixture}: {await publish.Content.ReadAsStringAsync()}");
        }

        var definition = JsonNode.Parse(await tenant.Api.GetStringAsync($"/api/v1/procedures/{slug}"))!["definition"]!;
        var client = PortalClient.Create(factory);
        var landing = await client.GetStringAsync($"/p/{tenant.Slug}/{slug}");
        using var start = await PostFormAsync(client, $"/p/{tenant.Slug}/{slug}/start", landing, new());
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var baseUrl = start.Headers.Location!.OriginalString[..^2];
        var pages = definition["pages"]!.AsArray();
        for (var page = 1; page <= pages.Count; page++)
        {
            var html = await client.GetStringAsync($"{baseUrl}/{page}");
            Assert.Contains(WebUtility.HtmlEncode((string)pages[page - 1]!["title"]!["ja"]!), html, StringComparison.Ordinal);
        }
    }
}
