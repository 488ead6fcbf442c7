using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Answers;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Madoguchi.Server.Tests.PortalFlowTests;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>補正: staff flag fields, the applicant corrects only those and resubmits, every version is kept.</summary>
public sealed class CorrectionFlowTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private static Task<HttpResponseMessage> ActAsync(TestTenant tenant, Guid id, object command) =>
        tenant.Api.PostAsJsonAsync($"/api/v1/applications/{id}/actions", new { command });

    [Theory, MemberData(nameof(Providers))]
    public async Task Applicant_corrects_the_flagged_fields_and_resubmits_and_staff_see_each_version(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        using var created = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers(), new JsonObject { ["doc"] = new JsonArray(FileEntry("見積書.pdf", "application/pdf", SmallPdf)) }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var receipt = await ReadJsonAsync(created);
        var (id, number, code) = (receipt["id"]!.GetValue<Guid>(), (string)receipt["receiptNumber"]!, (string)receipt["accessCode"]!);
        using (var start = await ActAsync(tenant, id, new { type = "startReview" }))
        {
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        }

        // A field the procedure does not have is refused, and nothing changes.
        using (var unknown = await ActAsync(tenant, id, new { type = "requestCorrection", message = "x", fields = new[] { new { fieldId = "nope", comment = "?" } } }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
            Assert.Contains("unknownField", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var request = await ActAsync(tenant, id, new
        {
            type = "requestCorrection",
            message = "2点ご確認ください。",
            replyBy = "2026-12-25",
            fields = new[] { new { fieldId = "count", comment = "人数が名簿と合いません。" }, new { fieldId = "doc", comment = "最新の見積書に差し替えてください。" } },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, request.StatusCode);
        }

        var client = PortalClient.Create(factory);
        var lookup = await client.GetStringAsync($"/status?tenant={tenant.Slug}");
        string statusHtml;
        using (var status = await PostFormAsync(client, "/status", lookup, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code }))
        {
            statusHtml = WebUtility.HtmlDecode(await status.Content.ReadAsStringAsync());
        }

        Assert.Contains("人数が名簿と合いません。", statusHtml, StringComparison.Ordinal);
        Assert.Contains("<dt>人数</dt>", statusHtml, StringComparison.Ordinal);
        Assert.Contains("action=\"/status/correct\"", statusHtml, StringComparison.Ordinal);

        using (var wrongCode = await PostFormAsync(client, "/status/correct", statusHtml, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = "0000-0000-0000-0000" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongCode.StatusCode);
        }

        string baseUrl;
        using (var correct = await PostFormAsync(client, "/status/correct", statusHtml, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code }))
        {
            Assert.Equal(HttpStatusCode.Redirect, correct.StatusCode);
            var location = correct.Headers.Location!.OriginalString;
            Assert.StartsWith($"/p/{tenant.Slug}/{AllTypesSlug}/d/", location, StringComparison.Ordinal);
            Assert.EndsWith("/1", location, StringComparison.Ordinal); // the first page with a flagged field
            baseUrl = location[..^2];
        }

        var page1 = WebUtility.HtmlDecode(await client.GetStringAsync(baseUrl + "/1"));
        Assert.Contains("人数が名簿と合いません。", page1, StringComparison.Ordinal);
        Assert.Contains("name=\"a.count\"", page1, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"a.name\"", page1, StringComparison.Ordinal); // not flagged: shown, not editable
        Assert.Contains("山田 太郎", page1, StringComparison.Ordinal);

        // A value posted for a field that was not flagged is ignored.
        using (var save1 = await PostFormAsync(client, baseUrl + "/1", page1, new() { ["a.count"] = "5", ["a.name"] = "別人 花子", ["action"] = "next" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, save1.StatusCode);
            Assert.EndsWith("/2", save1.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var page2 = await client.GetStringAsync(baseUrl + "/2");
        Assert.DoesNotContain("name=\"a.email\"", page2, StringComparison.Ordinal);
        using (var save2 = await PostMultipartAsync(client, baseUrl + "/2", page2, new() { ["action"] = "next" }, ("a.doc", "見積書2.png", SmallPng)))
        {
            Assert.Equal(HttpStatusCode.Redirect, save2.StatusCode);
            Assert.EndsWith("/confirm", save2.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var confirm = WebUtility.HtmlDecode(await client.GetStringAsync(baseUrl + "/confirm"));
        var changes = confirm[confirm.IndexOf("id=\"correction-changes\"", StringComparison.Ordinal)..confirm.IndexOf("</section>", confirm.IndexOf("id=\"correction-changes\"", StringComparison.Ordinal), StringComparison.Ordinal)];
        Assert.Contains("人数", changes, StringComparison.Ordinal);
        Assert.Contains("見積書2.png", changes, StringComparison.Ordinal);
        Assert.DoesNotContain("氏名", changes, StringComparison.Ordinal);
        Assert.Contains("再提出する", confirm, StringComparison.Ordinal);

        using (var submit = await PostFormAsync(client, baseUrl + "/submit", confirm, new()))
        {
            Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
            Assert.EndsWith("/done", submit.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.Contains("補正した申請を再提出しました", WebUtility.HtmlDecode(await client.GetStringAsync(baseUrl + "/done")), StringComparison.Ordinal);

        // A second click lands on the same receipt page and writes nothing more.
        using (var again = await PostFormAsync(client, baseUrl + "/submit", confirm, new()))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
            Assert.EndsWith("/done", again.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var state = await tenant.Api.GetFromJsonAsync<JsonObject>($"/api/v1/applications/{id}/case");
        Assert.Equal("resubmitted", (string?)state!["status"]);

        using var scope = factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var application = await db.Applications.AsNoTracking().Include(a => a.ProcedureVersion).SingleAsync(a => a.Id == id);
        var answers = JsonNode.Parse(application.AnswersJson)!.AsObject();
        Assert.Equal(5, answers["count"]!.GetValue<int>());
        Assert.Equal("山田 太郎", (string?)answers["name"]);
        var docIds = answers["doc"]!.AsArray().Select(n => Guid.Parse((string)n!)).ToList();
        var newDoc = Assert.Single(docIds);
        Assert.Equal("見積書2.png", (await db.StoredFiles.SingleAsync(f => f.Id == newDoc)).OriginalName);
        Assert.Equal(2, await db.StoredFiles.CountAsync(f => f.ApplicationId == id)); // the replaced file is kept for version 1

        var versions = await db.AnswerVersions.AsNoTracking().Where(v => v.ApplicationId == id).OrderBy(v => v.Number).ToListAsync();
        Assert.Equal([1, 2], versions.Select(v => v.Number));
        Assert.Equal(["submitted", "resubmitted"], versions.Select(v => v.Source));
        var definition = ProcedureDefinitionParser.Parse(application.ProcedureVersion!.DefinitionJson).Definition!;
        var diff = AnswerDiff.Compare(definition, JsonNode.Parse(versions[0].AnswersJson)!.AsObject(), JsonNode.Parse(versions[1].AnswersJson)!.AsObject());
        Assert.Equal(["count", "doc"], diff.Select(c => c.Field.Id));

        // The case no longer waits for a correction: starting another one is refused with a message.
        using var late = await PostFormAsync(client, "/status/correct", statusHtml, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code });
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Contains("補正を受け付けていません", WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_correction_draft_of_a_withdrawn_application_cannot_be_resubmitted(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        using var created = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers()));
        var receipt = await ReadJsonAsync(created);
        var (id, number, code) = (receipt["id"]!.GetValue<Guid>(), (string)receipt["receiptNumber"]!, (string)receipt["accessCode"]!);
        (await ActAsync(tenant, id, new { type = "startReview" })).Dispose();
        (await ActAsync(tenant, id, new { type = "requestCorrection", message = (string?)null, fields = new[] { new { fieldId = "count", comment = "確認してください。" } } })).Dispose();

        var client = PortalClient.Create(factory);
        var lookup = await client.GetStringAsync($"/status?tenant={tenant.Slug}");
        using var correct = await PostFormAsync(client, "/status/correct", lookup, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code });
        var baseUrl = correct.Headers.Location!.OriginalString[..^2];
        var page1 = await client.GetStringAsync(baseUrl + "/1");
        (await PostFormAsync(client, baseUrl + "/1", page1, new() { ["a.count"] = "7", ["action"] = "next" })).Dispose();

        using (var withdraw = await PostFormAsync(client, "/status/withdraw", lookup, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code }))
        {
            Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        }

        using var submit = await PostFormAsync(client, baseUrl + "/submit", page1, new());
        Assert.Equal(HttpStatusCode.Conflict, submit.StatusCode);
        var application = await tenant.Api.GetFromJsonAsync<JsonObject>($"/api/v1/applications/{id}");
        Assert.Equal(3, application!["answers"]!["count"]!.GetValue<int>()); // nothing of the correction was written
    }
}
