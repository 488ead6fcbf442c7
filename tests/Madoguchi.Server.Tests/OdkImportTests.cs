using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Madoguchi.Server.Tests.PortalFlowTests;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>An ODK XForm imported through the API becomes a procedure that renders and validates as the form's rules say.</summary>
public sealed class OdkImportTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task Imported_xform_renders_and_applications_follow_its_rules(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var xml = await File.ReadAllBytesAsync(Path.Combine(RepoRoot(), "tests", "fixtures", "odk", "childcare.xml"));
        using var content = new ByteArrayContent(xml);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        using var imported = await tenant.Api.PostAsync("/api/v1/procedures/import-odk?department=子育て支援課&slug=childcare-fee", content);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var body = await ReadJsonAsync(imported);
        Assert.Equal("childcare-fee", (string?)body["procedure"]!["slug"]);
        // What changed on the way is reported with the XForm element it concerns (here: hidden calculations made visible).
        Assert.Contains(body["issues"]!.AsArray(), i => (string?)i!["code"] == "hiddenCalculation" && ((string?)i["element"])!.Contains("subsidy", StringComparison.Ordinal));
        using (var publish = await tenant.Api.PostAsync("/api/v1/procedures/childcare-fee/publish", null))
        {
            Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        }

        // Every page renders for an applicant.
        var client = PortalClient.Create(factory);
        var landing = await client.GetStringAsync($"/p/{tenant.Slug}/childcare-fee");
        Assert.Contains("保育料補助金の申請", landing, StringComparison.Ordinal);
        using var start = await PostFormAsync(client, $"/p/{tenant.Slug}/childcare-fee/start", landing, new());
        var baseUrl = start.Headers.Location!.OriginalString[..^2];
        Assert.Contains("name=\"a.applicant_name\"", await client.GetStringAsync(baseUrl + "/1"), StringComparison.Ordinal);

        JsonObject Answers(int age, string household) => new()
        {
            ["applicant_name"] = "山田花子",
            ["birth_date"] = "1990-04-01",
            ["household_type"] = household,
            ["consent"] = true,
            ["children"] = new JsonArray(new JsonObject { ["child_name"] = "山田一郎", ["child_age"] = age }),
            ["monthly_fee"] = 30000,
            ["income"] = 300,
        };

        // The constraint 0 ≤ age ≤ 18 holds on the row; ひとり親 makes the note required.
        using (var tooOld = await SubmitAsync(tenant.Api, "childcare-fee", Body(Answers(25, "couple"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooOld.StatusCode);
            Assert.Contains("answers.children[0].child_age", await tooOld.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var single = await SubmitAsync(tenant.Api, "childcare-fee", Body(Answers(3, "single"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, single.StatusCode);
            Assert.Contains("answers.single_parent_note", await single.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var accepted = await SubmitAsync(tenant.Api, "childcare-fee", Body(Answers(3, "couple")));
        Assert.True(accepted.StatusCode == HttpStatusCode.Created, await accepted.Content.ReadAsStringAsync());
        var id = (await ReadJsonAsync(accepted))["id"]!.GetValue<Guid>();
        var stored = await tenant.Api.GetFromJsonAsync<JsonObject>($"/api/v1/applications/{id}");
        Assert.Equal(180000, stored!["answers"]!["subsidy"]!.GetValue<decimal>()); // income < 360: round(30000 * 12 / 2)
    }

    [Fact]
    public async Task A_body_that_is_no_form_is_refused_with_the_reason()
    {
        var factory = await TestServers.GetAsync("sqlite");
        var tenant = await factory.CreateTenantAsync();
        using var content = new StringContent("<html><body>not a form</body></html>");
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        using var response = await tenant.Api.PostAsync("/api/v1/procedures/import-odk", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("issues", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
