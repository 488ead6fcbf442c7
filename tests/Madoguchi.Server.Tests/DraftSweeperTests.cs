using System.Net;
using Madoguchi.Server.Features.Portal;
using Microsoft.Extensions.DependencyInjection;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

public sealed class DraftSweeperTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task Expired_draft_and_its_uploaded_file_are_deleted_but_submitted_ones_stay(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var client = PortalClient.Create(factory);
        var landing = await client.GetStringAsync($"/p/{tenant.Slug}/{AllTypesSlug}");

        // An abandoned draft with an uploaded file.
        var abandoned = await PortalFlowTests.StartAsync(client, tenant.Slug, landing);
        var page2 = await client.GetStringAsync(abandoned + "/2");
        using (var saved = await PortalFlowTests.PostMultipartAsync(client, abandoned + "/2", page2, new() { ["action"] = "save" }, ("a.doc", "plan.pdf", SmallPdf)))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var tenantFiles = Path.Combine(factory.DataDirectory, "files", tenant.Id.ToString("N"));
        Assert.Single(Directory.GetFiles(tenantFiles, "*", SearchOption.AllDirectories));

        // A submitted application made through another draft.
        using var submitted = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers(), new System.Text.Json.Nodes.JsonObject { ["doc"] = new System.Text.Json.Nodes.JsonArray(FileEntry("kept.pdf", "application/pdf", SmallPdf)) }));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);

        var sweeper = factory.Services.GetRequiredService<DraftSweeper>();
        Assert.Equal(0, await sweeper.SweepAsync(DateTime.UtcNow, CancellationToken.None, tenant.Id));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(abandoned + "/1")).StatusCode);

        // Only this test's tenant: other tests share the server and their drafts must not vanish under them.
        Assert.Equal(1, await sweeper.SweepAsync(DateTime.UtcNow.AddDays(31), CancellationToken.None, tenant.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(abandoned + "/1")).StatusCode);
        Assert.Single(Directory.GetFiles(tenantFiles, "*", SearchOption.AllDirectories));
        Assert.Equal(1, await CountApplicationsAsync(tenant));
    }
}
