using System.Net;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Server.Features.Designer;
using Madoguchi.Server.Features.Procedures;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Server.Tests;

/// <summary>The designer's server side: drafts with problems, publishing with a change note, and the preview frame.</summary>
public sealed class DesignerServerTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private static ProcedureDefinition Definition(string slug) =>
        ProcedureDefinitionParser.Parse(TestProcedures.AllTypesJson(slug)).Definition!;

    [Theory, MemberData(nameof(Providers))]
    public async Task A_draft_with_problems_is_saved_but_only_a_valid_one_is_published_with_its_change_note(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        using var scope = factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var catalog = scope.ServiceProvider.GetRequiredService<ProcedureCatalog>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        // Created from a blank start: one page without fields is a problem, not a refusal.
        var blank = new ProcedureDefinition { Slug = "designed", Title = new("設計中"), Pages = [new PageDefinition { Id = "page1", Title = new("1ページ目") }] };
        var created = await catalog.CreateDraftAsync(blank, "staff:test", CancellationToken.None);
        Assert.True(created.Created);
        var id = created.Procedure!.Id;
        var taken = await catalog.CreateDraftAsync(blank, "staff:test", CancellationToken.None);
        Assert.Equal("slugTaken", Assert.Single(taken.Problems).Code);
        var badSlug = await catalog.CreateDraftAsync(blank with { Slug = "No Good" }, "staff:test", CancellationToken.None);
        Assert.Equal("invalidSlug", Assert.Single(badSlug.Problems).Code);

        // Saving keeps the procedure's slug whatever the definition says.
        Assert.True(await catalog.SaveDraftAsync(id, blank with { Slug = "other", Title = new("設計中の手続") }, CancellationToken.None));
        catalog.Detach();
        var refused = await catalog.PublishAsync("designed", "staff:test", "初版", CancellationToken.None);
        Assert.Null(refused.Version);
        Assert.Contains(refused.Problems, p => p.Code == "emptyPage");
        Assert.Null(await catalog.PublishAsync("designed", "staff:test", CancellationToken.None));
        Assert.False(await db.ProcedureVersions.AnyAsync(v => v.ProcedureId == id));

        Assert.True(await catalog.SaveDraftAsync(id, Definition("anything"), CancellationToken.None));
        catalog.Detach();
        var published = await catalog.PublishAsync("designed", "staff:test", "  初版：全項目  ", CancellationToken.None);
        Assert.Equal(1, published.Version!.Number);
        catalog.Detach();
        var stored = await db.ProcedureVersions.AsNoTracking().SingleAsync(v => v.ProcedureId == id);
        Assert.Equal("初版：全項目", stored.ChangeNote);
        Assert.Equal("designed", ProcedureDefinitionParser.Parse(stored.DefinitionJson).Definition!.Slug);
        var procedure = await db.Procedures.AsNoTracking().SingleAsync(p => p.Id == id);
        Assert.Equal("全項目テスト", procedure.TitleJa);
        Assert.Equal(stored.Id, procedure.PublishedVersionId);

        // Another tenant cannot save over it.
        var other = await factory.CreateTenantAsync();
        using var otherScope = factory.Services.CreateScope();
        otherScope.ServiceProvider.GetRequiredService<TenantScope>().Set(other.Id);
        Assert.False(await otherScope.ServiceProvider.GetRequiredService<ProcedureCatalog>().SaveDraftAsync(id, blank, CancellationToken.None));
    }

    [Fact]
    public async Task The_preview_renders_the_portal_page_only_for_the_designer_who_opened_it()
    {
        var factory = await TestServers.GetAsync(TestServers.Sqlite);
        var a = await factory.CreateTenantAsync();
        var b = await factory.CreateTenantAsync();
        var previews = factory.Services.GetRequiredService<DesignerPreviews>();
        var tenants = factory.Services.GetRequiredService<TenantDirectory>();
        Guid userId;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            userId = await db.Users.Where(u => u.Email == a.AdminEmail).Select(u => u.Id).SingleAsync();
        }

        var definition = Definition("preview-me");
        var key = previews.Open((await tenants.FindAsync(a.Id, CancellationToken.None))!, userId.ToString(), definition);
        var staffA = await PortalClient.SignInAsync(factory, a);

        using var form = await staffA.GetAsync($"{DesignerEndpoints.PreviewPath}/{key}?page=1&ui=ja");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync();
        Assert.Contains("<h1>基本</h1>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"f-name\"", html, StringComparison.Ordinal);
        var policy = form.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'self'", policy, StringComparison.Ordinal);
        Assert.Equal("SAMEORIGIN", form.Headers.GetValues("X-Frame-Options").Single()); // one policy, not DENY beside it
        Assert.Contains("script-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("form-action 'none'", policy, StringComparison.Ordinal);

        // Edits show at once; English and the landing page on request, without touching the language cookie.
        previews.Update(key, DefinitionEditor.UpdateField(definition, new NodePath(0, 1), f => f with { Label = new("申請者の氏名", "Applicant's name") }));
        using var english = await staffA.GetAsync($"{DesignerEndpoints.PreviewPath}/{key}?page=1&ui=en");
        var englishHtml = await english.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", englishHtml, StringComparison.Ordinal);
        Assert.Contains("Applicant&#x27;s name", englishHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(english.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal));
        using var landing = await staffA.GetAsync($"{DesignerEndpoints.PreviewPath}/{key}?page=0");
        Assert.Contains("<h1>全項目テスト</h1>", await landing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another tenant's staff and anonymous visitors get nothing.
        var staffB = await PortalClient.SignInAsync(factory, b);
        Assert.Equal(HttpStatusCode.NotFound, (await staffB.GetAsync($"{DesignerEndpoints.PreviewPath}/{key}")).StatusCode);
        var anonymous = PortalClient.Create(factory);
        var redirect = await anonymous.GetAsync($"{DesignerEndpoints.PreviewPath}/{key}");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Contains("/staff/login", redirect.Headers.Location!.ToString(), StringComparison.Ordinal);

        previews.Close(key);
        Assert.Equal(HttpStatusCode.NotFound, (await staffA.GetAsync($"{DesignerEndpoints.PreviewPath}/{key}")).StatusCode);
    }

    [Fact]
    public async Task The_designer_pages_require_a_signed_in_member_of_staff()
    {
        var factory = await TestServers.GetAsync(TestServers.Sqlite);
        var anonymous = PortalClient.Create(factory);
        foreach (var path in new[] { "/staff/designer/new", $"/staff/designer/{Guid.NewGuid()}" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                // Interactive pages render their shell; the component itself asks for sign-in on the circuit.
                Assert.DoesNotContain("designer-tree", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
    }
}
