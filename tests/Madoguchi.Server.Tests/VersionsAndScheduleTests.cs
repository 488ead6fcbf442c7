using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using static Madoguchi.Server.Tests.PortalFlowTests;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>Changelog lines, version list and diff, republishing an older version, and the 受付期間.</summary>
public sealed class VersionsAndScheduleTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private static async Task PublishAsync(TestTenant tenant, string json, string note)
    {
        using var put = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        using var publish = await tenant.Api.PostAsJsonAsync($"/api/v1/procedures/{AllTypesSlug}/publish", new { note });
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Versions_keep_their_notes_diff_by_element_and_an_older_one_can_be_republished(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var v1 = AllTypesJson();
        await PublishAsync(tenant, v1, "初版");
        var node = JsonNode.Parse(v1)!;
        node["title"]!["ja"] = "全項目テスト（改訂）";
        node["pages"]![0]!["fields"]!.AsArray().RemoveAt(0);
        await PublishAsync(tenant, node.ToJsonString(), "タイトル変更と項目削除");

        var versions = await tenant.Api.GetFromJsonAsync<JsonArray>($"/api/v1/procedures/{AllTypesSlug}/versions");
        Assert.NotNull(versions);
        Assert.Equal([2, 1], versions.Select(v => v!["number"]!.GetValue<int>()));
        Assert.Equal("タイトル変更と項目削除", (string?)versions[0]!["note"]);
        Assert.True(versions[0]!["current"]!.GetValue<bool>());

        var diff = await tenant.Api.GetFromJsonAsync<JsonObject>($"/api/v1/procedures/{AllTypesSlug}/diff?from=1&to=2");
        var changes = diff!["changes"]!.AsArray();
        Assert.Contains(changes, c => (string?)c!["kind"] == "changed" && (string?)c["element"] == "procedure" && (string?)c["property"] == "title");
        Assert.Contains(changes, c => (string?)c!["kind"] == "removed" && ((string?)c["element"])!.StartsWith("field:", StringComparison.Ordinal));

        using (var republish = await tenant.Api.PostAsync($"/api/v1/procedures/{AllTypesSlug}/versions/1/republish", null))
        {
            Assert.Equal(HttpStatusCode.OK, republish.StatusCode);
        }

        var detail = await tenant.Api.GetFromJsonAsync<JsonObject>($"/api/v1/procedures/{AllTypesSlug}");
        Assert.Equal(1, detail!["summary"]!["publishedVersion"]!.GetValue<int>());
        var landing = await PortalClient.Create(factory).GetStringAsync($"/p/{tenant.Slug}/{AllTypesSlug}");
        Assert.DoesNotContain("（改訂）", landing, StringComparison.Ordinal);

        using var missing = await tenant.Api.PostAsync($"/api/v1/procedures/{AllTypesSlug}/versions/9/republish", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Outside_the_application_period_applicants_see_the_message_and_nothing_is_accepted(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var client = PortalClient.Create(factory);

        // A draft started while open...
        var landing = await client.GetStringAsync($"/p/{tenant.Slug}/{AllTypesSlug}");
        var baseUrl = await StartAsync(client, tenant.Slug, landing);

        // ...then the period ends.
        using (var schedule = await tenant.Api.PutAsJsonAsync($"/api/v1/procedures/{AllTypesSlug}/schedule", new
        {
            opensAt = DateTimeOffset.UtcNow.AddDays(-10),
            closesAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            closedMessageJa = "令和8年度の受付は終了しました。",
            closedMessageEn = "Applications for FY2026 have closed.",
        }))
        {
            Assert.Equal(HttpStatusCode.NoContent, schedule.StatusCode);
        }

        var closedLanding = WebUtility.HtmlDecode(await client.GetStringAsync($"/p/{tenant.Slug}/{AllTypesSlug}"));
        Assert.Contains("令和8年度の受付は終了しました。", closedLanding, StringComparison.Ordinal);
        Assert.DoesNotContain("/start\"", closedLanding, StringComparison.Ordinal);

        using (var start = await PostFormAsync(client, $"/p/{tenant.Slug}/{AllTypesSlug}/start", landing, new()))
        {
            Assert.Equal(HttpStatusCode.Conflict, start.StatusCode);
        }

        using (var submit = await PostFormAsync(client, baseUrl + "/submit", landing, new()))
        {
            Assert.Equal(HttpStatusCode.Conflict, submit.StatusCode);
        }

        using (var api = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers())))
        {
            Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
            Assert.Contains("procedureClosed", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await CountApplicationsAsync(tenant));

        // Not yet open: the default message names the opening time in Japan time.
        using (var later = await tenant.Api.PutAsJsonAsync($"/api/v1/procedures/{AllTypesSlug}/schedule", new { opensAt = new DateTimeOffset(2099, 4, 1, 9, 0, 0, TimeSpan.FromHours(9)) }))
        {
            Assert.Equal(HttpStatusCode.NoContent, later.StatusCode);
        }

        Assert.Contains("受付開始は 2099", WebUtility.HtmlDecode(await client.GetStringAsync($"/p/{tenant.Slug}/{AllTypesSlug}")), StringComparison.Ordinal);

        using (var invalid = await tenant.Api.PutAsJsonAsync($"/api/v1/procedures/{AllTypesSlug}/schedule", new { opensAt = DateTimeOffset.UtcNow, closesAt = DateTimeOffset.UtcNow.AddDays(-1) }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        // Open again: accepted.
        using (var open = await tenant.Api.PutAsJsonAsync($"/api/v1/procedures/{AllTypesSlug}/schedule", new { }))
        {
            Assert.Equal(HttpStatusCode.NoContent, open.StatusCode);
        }

        using var accepted = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers()));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }
}
