using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Madoguchi.Server.Tests.PortalFlowTests;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>The guest applicant's status page: the timeline of the case, and withdrawing with receipt number and code.</summary>
public sealed class PortalStatusTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task Applicant_sees_the_timeline_and_can_withdraw_with_receipt_and_code(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        using var created = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers()));
        var receipt = await ReadJsonAsync(created);
        var (id, number, code) = (receipt["id"]!.GetValue<Guid>(), (string)receipt["receiptNumber"]!, (string)receipt["accessCode"]!);
        using (var start = await tenant.Api.PostAsJsonAsync($"/api/v1/applications/{id}/actions", new { command = new { type = "startReview" } }))
        {
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        }

        var client = PortalClient.Create(factory);
        var form = await client.GetStringAsync($"/status?tenant={tenant.Slug}");
        using (var status = await PostFormAsync(client, "/status", form, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code }))
        {
            var html = WebUtility.HtmlDecode(await status.Content.ReadAsStringAsync());
            Assert.Contains("id=\"status-timeline\"", html, StringComparison.Ordinal);
            Assert.Contains("審査中", html, StringComparison.Ordinal);
            Assert.DoesNotContain("apikey:", html, StringComparison.Ordinal); // who acted inside the office is not shown
            Assert.Contains("action=\"/status/withdraw\"", html, StringComparison.Ordinal);
        }

        using (var wrong = await PostFormAsync(client, "/status/withdraw", form, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = "0000-0000-0000-0000" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode); // the code proves who asks
        }

        using (var withdraw = await PostFormAsync(client, "/status/withdraw", form, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code, ["reason"] = "別の窓口で手続しました" }))
        {
            Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
            var html = WebUtility.HtmlDecode(await withdraw.Content.ReadAsStringAsync());
            Assert.Contains("申請を取り下げました。", html, StringComparison.Ordinal);
            Assert.DoesNotContain("action=\"/status/withdraw\"", html, StringComparison.Ordinal);
        }

        var state = await tenant.Api.GetFromJsonAsync<JsonObject>($"/api/v1/applications/{id}/case");
        Assert.Equal("withdrawn", (string?)state!["status"]);
        using var afterwards = await tenant.Api.PostAsJsonAsync($"/api/v1/applications/{id}/actions", new { command = new { type = "approve" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, afterwards.StatusCode); // final: staff cannot act any more
    }

    [Theory]
    [InlineData("sqlite", true)]
    [InlineData("sqlite", false)]
    [InlineData("postgres", true)]
    public async Task Applicants_see_the_current_step_only_when_the_procedure_says_so(string provider, bool seesSteps)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var definition = JsonNode.Parse(AllTypesJson("stepped"))!.AsObject();
        definition["route"] = new JsonObject
        {
            ["applicantSeesSteps"] = seesSteps,
            ["distinctApprovers"] = false,
            ["steps"] = JsonNode.Parse("""[{"id": "review", "kind": "review", "label": {"ja": "担当者審査"}, "role": "staff"}, {"id": "chief", "kind": "approval", "label": {"ja": "課長決裁"}, "role": "staff"}]"""),
        };
        using (var create = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(definition.ToJsonString(), System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        }

        (await tenant.Api.PostAsync("/api/v1/procedures/stepped/publish", null)).Dispose();
        using var created = await SubmitAsync(tenant.Api, "stepped", Body(ValidAnswers()));
        var receipt = await ReadJsonAsync(created);
        var (id, number, code) = (receipt["id"]!.GetValue<Guid>(), (string)receipt["receiptNumber"]!, (string)receipt["accessCode"]!);
        foreach (var command in new object[] { new { type = "startReview" }, new { type = "approve", comment = "内部メモ: 確認済み" } })
        {
            using var acted = await tenant.Api.PostAsJsonAsync($"/api/v1/applications/{id}/actions", new { command });
            Assert.Equal(HttpStatusCode.OK, acted.StatusCode);
        }

        var client = PortalClient.Create(factory);
        var form = await client.GetStringAsync($"/status?tenant={tenant.Slug}");
        using var status = await PostFormAsync(client, "/status", form, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code });
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var html = WebUtility.HtmlDecode(await status.Content.ReadAsStringAsync());
        Assert.Contains("id=\"status-timeline\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("内部メモ", html, StringComparison.Ordinal); // staff comments never
        if (seesSteps)
        {
            Assert.Contains("現在の段階: 課長決裁（2/2）", html, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("課長決裁", html, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"status-step\"", html, StringComparison.Ordinal);
        }
    }
}
