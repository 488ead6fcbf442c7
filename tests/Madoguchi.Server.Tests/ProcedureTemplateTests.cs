using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Documents.Seals;
using Madoguchi.Documents.Templates;
using Madoguchi.Server.Features.Seals;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Madoguchi.Server.Tests.ApplicantClient;

namespace Madoguchi.Server.Tests;

/// <summary>Per-procedure document templates: checks with paths, import/publish refusal, versioned use and the sample-data preview.</summary>
public sealed class ProcedureTemplateTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private static ProcedureDefinition Simple() => ProcedureDefinitionParser.Parse(SimpleJson("docs")).Definition!;

    private static JsonObject GrantTemplate(string paragraph) => new()
    {
        ["id"] = "notice-grant",
        ["kind"] = "notice",
        ["title"] = new JsonObject { ["ja"] = "交付決定通知書" },
        ["blocks"] = new JsonArray
        {
            new JsonObject { ["type"] = "heading", ["text"] = "交付決定通知書（{{procedureTitle}}）" },
            new JsonObject { ["type"] = "paragraph", ["text"] = paragraph },
        },
        ["officialSeal"] = new JsonObject { ["page"] = 1, ["x"] = 160, ["y"] = 40, ["size"] = 24 },
    };

    [Fact]
    public void Every_built_in_kind_checks_clean_against_a_procedure()
    {
        foreach (var kind in ProcedureDocuments.Kinds)
        {
            Assert.Empty(ProcedureTemplates.Check(Simple(), kind, ProcedureTemplates.BuiltInJson(kind), out var template));
            Assert.NotNull(template);
        }
    }

    [Fact]
    public void Answers_placeholders_must_name_fields_of_the_procedure_and_problems_carry_paths()
    {
        var ok = ProcedureTemplates.Check(Simple(), "notice-grant", GrantTemplate("{{answers.name}} 様").ToJsonString(), out _);
        Assert.Empty(ok);

        var unknown = Assert.Single(ProcedureTemplates.Check(Simple(), "notice-grant", GrantTemplate("{{answers.amount|yen}} を交付します。").ToJsonString(), out _));
        Assert.Equal("blocks[1].text", unknown.Path);
        Assert.Contains("answers.amount", unknown.Message.Ja, StringComparison.Ordinal);
        Assert.Equal("$.documents['notice-grant'].blocks[1].text", ProcedureTemplates.PathOf("notice-grant", unknown.Path));

        var malformed = Assert.Single(ProcedureTemplates.Check(Simple(), "notice-grant", "{ \"id\": ", out _));
        Assert.Equal("$", malformed.Path);
        Assert.Contains("JSON", malformed.Message.En!, StringComparison.Ordinal);

        var typo = GrantTemplate("本文");
        typo["blocks"]![1]!["txet"] = "x";
        Assert.Contains(ProcedureTemplates.Check(Simple(), "notice-grant", typo.ToJsonString(), out _), p => p.Path == "blocks[1].txet");

        var wrongKind = ProcedureTemplates.Check(Simple(), "applicant-copy", GrantTemplate("本文").ToJsonString(), out _);
        Assert.Contains(wrongKind, p => p.Path == "kind");

        var offPage = GrantTemplate("本文");
        offPage["officialSeal"]!["x"] = 200;
        Assert.Contains(ProcedureTemplates.Check(Simple(), "notice-grant", offPage.ToJsonString(), out _), p => p.Path == "officialSeal");
    }

    [Fact]
    public void The_designer_shows_template_problems_and_selects_the_documents_panel_for_them()
    {
        var definition = Simple() with
        {
            Documents = new Dictionary<string, System.Text.Json.JsonElement>
            {
                ["notice-permit"] = System.Text.Json.JsonDocument.Parse(GrantTemplate("{{answers.missing}}").ToJsonString()).RootElement.Clone(),
            },
        };
        var problems = Madoguchi.Server.Features.Designer.DesignerValidator.Validate(definition);
        var problem = Assert.Single(problems.ForProcedure, p => p.Target.PropertyRoot == "documents");
        Assert.Equal("$.documents['notice-permit'].blocks[1].text", problem.Problem.Path);
        Assert.Equal(Madoguchi.Server.Features.Designer.DesignerSelection.Documents, Madoguchi.Server.Features.Designer.DesignerProblems.SelectionFor(problem.Target));
        Assert.Equal("documents", Madoguchi.Server.Features.Designer.DesignerSelection.Documents.Key);
        Assert.Equal(Madoguchi.Server.Features.Designer.DesignerSelection.Documents, Madoguchi.Server.Features.Designer.DesignerSelection.Parse("documents"));
    }

    [Fact]
    public void The_preview_renders_a_pdf_with_sample_data_and_the_seal()
    {
        var definition = Simple();
        Assert.Empty(ProcedureTemplates.Check(definition, "notice-grant", GrantTemplate("{{answers.name}} 様").ToJsonString(), out var template));
        var pdf = ProcedureTemplates.Preview(definition, template!, "テスト市", "長", SealImage.Generated(SealLayout.Official("テスト市長")));
        Assert.True(pdf.AsSpan().StartsWith("%PDF-"u8));
        Assert.True(pdf.Length > 1000);

        var data = ProcedureTemplates.SampleData(definition, "テスト市", "長");
        Assert.Equal(["name"], data.Answers.Select(a => a.FieldId));
        Assert.Equal("テスト市", data.Values()["organisation.name"]);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Import_refuses_a_bad_template_with_its_path_and_a_published_version_uses_its_own(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var bad = JsonNode.Parse(SimpleJson("docs"))!.AsObject();
        bad["documents"] = new JsonObject { ["notice-grant"] = GrantTemplate("{{answers.nothere}}") };
        using (var refused = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(bad.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problems = (await TestProcedures.ReadJsonAsync(refused))["problems"]!.AsArray();
            var problem = Assert.Single(problems);
            Assert.Equal("$.documents['notice-grant'].blocks[1].text", (string?)problem!["path"]);
            Assert.Equal("invalidDocumentTemplate", (string?)problem["code"]);
        }

        var good = JsonNode.Parse(SimpleJson("docs"))!.AsObject();
        good["documents"] = new JsonObject { ["notice-grant"] = GrantTemplate("{{answers.name}} 様、交付を決定しました。") };
        using (var created = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(good.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        using (var publish = await tenant.Api.PostAsync("/api/v1/procedures/docs/publish", null))
        {
            Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        }

        using var scope = factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var version = await db.ProcedureVersions.AsNoTracking().SingleAsync();
        var templates = scope.ServiceProvider.GetRequiredService<ProcedureTemplates>();

        var own = await templates.ForAsync(version, "notice-grant");
        Assert.Contains(own.Blocks, b => b.Text == "{{answers.name}} 様、交付を決定しました。");
        var builtIn = await templates.ForAsync(version, "notice-rejection");
        Assert.Equal(DocumentTemplate.BuiltIn("notice-rejection").ToJson(), builtIn.ToJson());
    }
}
