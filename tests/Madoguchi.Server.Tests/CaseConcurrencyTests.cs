using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Madoguchi.Data;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Features.Notifications;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>Case commands through the API, and two staff deciding one case at the same moment.</summary>
public sealed class CaseConcurrencyTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private static async Task<HttpClient> SecondStaffAsync(TestTenant tenant)
    {
        using var scope = tenant.Factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(tenant.Id, "second staff", CancellationToken.None);
        var client = tenant.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private static Task<HttpResponseMessage> ActAsync(HttpClient client, Guid id, object command, int? expectedVersion = null) =>
        client.PostAsJsonAsync($"/api/v1/applications/{id}/actions", new { command, expectedVersion });

    private static async Task<Guid> SubmitOneAsync(TestTenant tenant)
    {
        using var created = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await ReadJsonAsync(created))["id"]!.GetValue<Guid>();
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Commands_follow_the_route_and_forbidden_ones_say_why(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var id = await SubmitOneAsync(tenant);

        using (var early = await ActAsync(tenant.Api, id, new { type = "decide", outcome = "grant" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode); // not before review
            Assert.Contains("notAllowedInState", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var start = await ActAsync(tenant.Api, id, new { type = "startReview" }))
        {
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
            Assert.Equal("inReview", (string?)(await ReadJsonAsync(start))["status"]);
        }

        using (var stale = await ActAsync(tenant.Api, id, new { type = "approve" }, expectedVersion: 0))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
            Assert.Contains("changedBySomeoneElse", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var unknown = await ActAsync(tenant.Api, id, new { type = "fly" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        }

        var current = await tenant.Api.GetFromJsonAsync<JsonObject>($"/api/v1/applications/{id}/case");
        Assert.Equal(1, current!["version"]!.GetValue<int>());
        var summary = await tenant.Api.GetFromJsonAsync<JsonObject>($"/api/v1/applications/{id}");
        Assert.Equal("InReview", (string?)summary!["summary"]!["status"]);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Two_staff_deciding_at_once_make_exactly_one_decision_fifty_times_over(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var other = await SecondStaffAsync(tenant);

        for (var round = 0; round < 50; round++)
        {
            var id = await SubmitOneAsync(tenant);
            using (var start = await ActAsync(tenant.Api, id, new { type = "startReview" }))
            {
                Assert.Equal(HttpStatusCode.OK, start.StatusCode);
            }

            using (var approve = await ActAsync(tenant.Api, id, new { type = "approve" }))
            {
                Assert.True(approve.StatusCode == HttpStatusCode.OK, await approve.Content.ReadAsStringAsync());
            }

            // Both read version 2 and decide differently at the same moment.
            var grant = ActAsync(tenant.Api, id, new { type = "decide", outcome = "grant" });
            var refuse = ActAsync(other, id, new { type = "decide", outcome = "refuse", comment = "要件を満たしていません" });
            var responses = await Task.WhenAll(grant, refuse);
            var codes = responses.Select(r => r.StatusCode).ToList();
            Assert.Equal(1, codes.Count(c => c == HttpStatusCode.OK));
            Assert.All(codes.Where(c => c != HttpStatusCode.OK), c => Assert.True(c is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, $"round {round}: {c}"));
            foreach (var response in responses)
            {
                response.Dispose();
            }

            using var scope = factory.Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var key = id.ToString();
            Assert.Equal(1, await db.AuditRecords.CountAsync(a => a.EntityId == key && a.Action == "case.decide"));
            Assert.Equal(1, await db.OutboxMessages.CountAsync(o => o.Type == "application.decided" && o.PayloadJson.Contains(key)));
            var stored = await db.Applications.AsNoTracking().SingleAsync(a => a.Id == id);
            Assert.Equal(3, stored.CaseVersion);

            // The dispatcher (run here at once; the background one may have been first) makes one notification of it.
            await factory.Services.GetRequiredService<OutboxDispatcher>().DispatchAsync(CancellationToken.None);
            var decided = await db.OutboxMessages.AsNoTracking().SingleAsync(o => o.Type == "application.decided" && o.PayloadJson.Contains(key));
            Assert.NotNull(decided.ProcessedAt);
            var source = "outbox:" + decided.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var notification = Assert.Single(await db.Notifications.AsNoTracking().Where(n => n.SourceKey == source).ToListAsync());
            Assert.Equal("decided", notification.Event);
            Assert.Equal(id, notification.ApplicationId);
        }
    }
}
