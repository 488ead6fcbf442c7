using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>Every template in the gallery imports, publishes, renders every page, and accepts its sample application.</summary>
public sealed class TemplateGalleryTests
{
    public static TheoryData<string> Templates()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot(), "templates"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory, MemberData(nameof(Templates))]
    public async Task Template_renders_and_accepts_its_sample(string slug)
    {
        var factory = await TestServers.GetAsync("sqlite");
        var tenant = await factory.CreateTenantAsync();
        var json = await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "templates", slug + ".json"));
        using (var create = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(json, Encoding.UTF8, "application/json")))
        {
            Assert.True(create.IsSuccessStatusCode, await create.Content.ReadAsStringAsync());
        }

        using (var publish = await tenant.Api.PostAsync($"/api/v1/procedures/{slug}/publish", null))
        {
            Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        }

        // Every page renders for an applicant (no JavaScript involved), signed in when the procedure requires an account.
        var definition = Madoguchi.Core.Procedures.ProcedureDefinitionParser.Parse(json).Definition!;
        var client = definition.RequiresAccount ? (await ApplicantClient.SignedInAsync(tenant)).Client : PortalClient.Create(factory);
        var landing = await client.GetStringAsync($"/p/{tenant.Slug}/{slug}");
        using var start = await PortalFlowTests.PostFormAsync(client, $"/p/{tenant.Slug}/{slug}/start", landing, new());
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var baseUrl = start.Headers.Location!.OriginalString[..^2];
        var pages = JsonNode.Parse(json)!["pages"]!.AsArray().Count;
        for (var page = 1; page <= pages; page++)
        {
            using var response = await client.GetAsync($"{baseUrl}/{page}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The sample application is accepted as it stands.
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "templates", "samples", slug + ".json")))!.AsObject();
        // Samples carry no files; every attachment field gets a small real file of a kind it accepts (hidden ones are dropped).
        var files = new JsonObject();
        foreach (var field in definition.InputFields.Where(f => f.Type == Madoguchi.Core.Procedures.FieldType.File))
        {
            files[field.Id] = field.EffectiveAccept.Contains("pdf") ? new JsonArray(FileEntry("sample.pdf", "application/pdf", SmallPdf))
                : field.EffectiveAccept.Contains("png") ? new JsonArray(FileEntry("sample.png", "image/png", SmallPng))
                : throw new InvalidOperationException($"{slug}: {field.Id} takes neither PDF nor PNG; add a sample file kind to this test.");
        }

        using var submitted = await SubmitAsync(tenant.Api, slug, Body(sample, files.Count > 0 ? files : null));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, $"{slug}: {await submitted.Content.ReadAsStringAsync()}");
    }
}
