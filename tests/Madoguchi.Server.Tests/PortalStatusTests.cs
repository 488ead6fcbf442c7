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
}
