using System.Net;
using System.Text.Json.Nodes;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

public sealed class TenantIsolationTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task One_tenants_keys_staff_and_portal_never_see_another_tenants_data(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var a = await factory.CreateTenantAsync();
        var b = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(a, "secret-procedure");
        using var submitted = await SubmitAsync(a.Api, "secret-procedure", Body(ValidAnswers(), new JsonObject { ["doc"] = new JsonArray(FileEntry("a.pdf", "application/pdf", SmallPdf)) }));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var applicationId = (await ReadJsonAsync(submitted))["id"]!.GetValue<string>();

        // API key of B: lists are empty, direct reads are 404, writes to A's slug create B's own or fail.
        var procedures = await b.Api.GetStringAsync("/api/v1/procedures");
        Assert.DoesNotContain("secret-procedure", procedures, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Api.GetAsync("/api/v1/procedures/secret-procedure")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Api.GetAsync($"/api/v1/applications/{applicationId}")).StatusCode);
        Assert.Equal(0, (await ReadJsonAsync(await b.Api.GetAsync("/api/v1/applications")))["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await b.Api.PostAsync("/api/v1/procedures/secret-procedure/publish", null)).StatusCode);
        using (var cross = await SubmitAsync(b.Api, "secret-procedure", Body(ValidAnswers())))
        {
            Assert.Equal(HttpStatusCode.NotFound, cross.StatusCode);
        }

        // B's portal does not show or serve A's procedure.
        var anonymous = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.DoesNotContain("secret-procedure", await anonymous.GetStringAsync($"/p/{b.Slug}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/p/{b.Slug}/secret-procedure")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/p/{a.Slug}/secret-procedure")).StatusCode);

        // Staff of B signed in: A's attachment is not downloadable.
        var staffB = await PortalClient.SignInAsync(factory, b);
        var fileId = (await ReadJsonAsync(await a.Api.GetAsync($"/api/v1/applications/{applicationId}")))["files"]![0]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NotFound, (await staffB.GetAsync($"/staff/files/{fileId}")).StatusCode);
        var staffA = await PortalClient.SignInAsync(factory, a);

        // Signed in at A, a clerk browsing B's public portal sees B's portal (and nothing of A's).
        Assert.Equal(HttpStatusCode.OK, (await staffA.GetAsync($"/p/{b.Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staffA.GetAsync($"/p/{b.Slug}/secret-procedure")).StatusCode);
        using var download = await staffA.GetAsync($"/staff/files/{fileId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(SmallPdf, await download.Content.ReadAsByteArrayAsync());

        // The data layer itself: a context scoped to B sees none of A's rows, even by id.
        using var scope = factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(b.Id);
        var db = scope.ServiceProvider.GetRequiredService<Madoguchi.Data.AppDbContext>();
        Assert.False(await db.Applications.AnyAsync(x => x.Id == Guid.Parse(applicationId)));
        Assert.False(await db.StoredFiles.AnyAsync());
        Assert.False(await db.AuditRecords.AnyAsync(r => r.EntityId == applicationId));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Writing_a_row_of_another_tenant_is_refused_by_the_context(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var a = await factory.CreateTenantAsync();
        var b = await factory.CreateTenantAsync();
        using var scope = factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(b.Id);
        var db = scope.ServiceProvider.GetRequiredService<Madoguchi.Data.AppDbContext>();
        db.AuditRecords.Add(new AuditRecord { TenantId = a.Id, At = DateTime.UtcNow, Actor = "x", Action = "x", EntityType = "x", EntityId = "x" });
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Revoked_or_unknown_api_key_is_refused_on_the_next_request(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        Assert.Equal(HttpStatusCode.OK, (await tenant.Api.GetAsync("/api/v1/procedures")).StatusCode);

        using (var scope = factory.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
            var db = scope.ServiceProvider.GetRequiredService<Madoguchi.Data.AppDbContext>();
            foreach (var key in await db.ApiKeys.ToListAsync())
            {
                key.RevokedAt = DateTime.UtcNow;
            }

            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await tenant.Api.GetAsync("/api/v1/procedures")).StatusCode);
        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/procedures")).StatusCode);
        anonymous.DefaultRequestHeaders.Add("X-Api-Key", "mdg_" + new string('A', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/applications")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_key_revoked_between_two_submissions_writes_nothing_on_the_second(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        for (var i = 0; i < 2; i++)
        {
            // The second submission is authenticated from the memory of recently valid keys: the write re-checks the key.
            using var ok = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers()));
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        Assert.Equal(2, await CountApplicationsAsync(tenant));
        using (var scope = factory.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
            var db = scope.ServiceProvider.GetRequiredService<Madoguchi.Data.AppDbContext>();
            foreach (var key in await db.ApiKeys.ToListAsync())
            {
                key.RevokedAt = DateTime.UtcNow;
            }

            await db.SaveChangesAsync();
        }

        using var refused = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers()));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var again = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers()));
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        using (var scope = factory.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
            var db = scope.ServiceProvider.GetRequiredService<Madoguchi.Data.AppDbContext>();
            Assert.Equal(2, await db.Applications.CountAsync());
            Assert.Equal(2, await db.AuditRecords.CountAsync(a => a.Action == "application.submitted"));
            Assert.Equal(2, await db.OutboxMessages.CountAsync(o => o.Type == "application.submitted"));
            Assert.Equal(2, await db.IdempotencyRecords.CountAsync());
        }
    }
}
