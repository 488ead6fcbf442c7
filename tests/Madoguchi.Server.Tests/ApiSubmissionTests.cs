using System.Net;
using System.Text.Json.Nodes;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

public sealed class ApiSubmissionTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task Valid_submission_is_stored_with_normalised_answers_and_file_hash(string provider)
    {
        var tenant = await (await TestServers.GetAsync(provider)).CreateTenantAsync();
        await PublishAllTypesAsync(tenant);

        using var response = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers(), new JsonObject { ["doc"] = new JsonArray(FileEntry("plan.pdf", "application/pdf", SmallPdf)) }));
        var body = await ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = body["receiptNumber"]!.GetValue<string>();
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-Z*~$=]$", receipt);
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$", body["accessCode"]!.GetValue<string>());

        var detail = await ReadJsonAsync(await tenant.Api.GetAsync($"/api/v1/applications/{body["id"]}"));
        var answers = detail["answers"]!.AsObject();
        Assert.Equal("ヤマダ　タロウ", answers["kana"]!.GetValue<string>().Replace(' ', '　'));
        Assert.Equal("2026-04-01", answers["day"]!.GetValue<string>());
        Assert.Equal("100-0001", answers["zip"]!.GetValue<string>());
        Assert.Equal(3, answers["count"]!.GetValue<int>());
        Assert.True(answers["agree"]!.GetValue<bool>());
        var file = detail["files"]!.AsArray().Single()!;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(SmallPdf)), file["sha256"]!.GetValue<string>());
        Assert.Equal("山田 太郎", detail["summary"]!["applicantName"]!.GetValue<string>());
    }

    public static TheoryData<string, string, JsonNode?, string> InvalidValues()
    {
        var data = new TheoryData<string, string, JsonNode?, string>();
        foreach (var provider in new[] { TestServers.Sqlite, TestServers.Postgres })
        {
            data.Add(provider, "name", "あ".PadRight(21, 'あ'), "tooLong");
            data.Add(provider, "kana", "やまだ太郎", "invalidKana");
            data.Add(provider, "count", "三", "notInteger");
            data.Add(provider, "count", 101, "outOfRange");
            data.Add(provider, "area", "1.234", "tooManyDecimals");
            data.Add(provider, "day", "令和8年13月1日", "invalidDate");
            data.Add(provider, "kind", "c", "invalidChoice");
            data.Add(provider, "tags", new JsonArray("x", "y", "z"), "tooManySelected");
            data.Add(provider, "agree", "maybe", "invalidYesNo");
            data.Add(provider, "email", "taro@@example", "invalidEmail");
            data.Add(provider, "phone", "12345", "invalidPhone");
            data.Add(provider, "zip", "12345", "invalidPostalCode");
            data.Add(provider, "corp", "1123456789012", "corporateNumberCheckDigit");
            data.Add(provider, "name", null, "required");
        }

        return data;
    }

    [Theory, MemberData(nameof(InvalidValues))]
    public async Task Invalid_value_is_reported_at_its_field_and_nothing_is_stored(string provider, string field, JsonNode? value, string code)
    {
        var tenant = await (await TestServers.GetAsync(provider)).CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var answers = ValidAnswers();
        if (value is null)
        {
            answers.Remove(field);
        }
        else
        {
            answers[field] = value.DeepClone();
        }

        using var response = await SubmitAsync(tenant.Api, AllTypesSlug, Body(answers));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.True(problem["errors"]!.AsObject().ContainsKey("answers." + field), problem.ToJsonString());
        var entry = problem["problems"]!.AsArray().First(p => p!["path"]!.GetValue<string>() == "answers." + field)!;
        Assert.Equal(code, entry["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(entry["ja"]!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(entry["en"]!.GetValue<string>()));
        Assert.Equal(0, await CountApplicationsAsync(tenant));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Oversized_or_mistyped_file_is_rejected_and_nothing_is_stored(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var filesBefore = CountStoredFiles(factory, tenant);

        var oversized = new byte[4096];
        SmallPdf.CopyTo(oversized, 0);
        using (var response = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers(), new JsonObject { ["doc"] = new JsonArray(FileEntry("big.pdf", "application/pdf", oversized)) })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("fileTooLarge", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var response = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers(), new JsonObject { ["doc"] = new JsonArray(FileEntry("photo.pdf", "application/pdf", SmallPng)) })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("fileTypeMismatch", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var exe = "MZ\u0090\0\u0003\0\0\0"u8.ToArray();
        using (var response = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers(), new JsonObject { ["doc"] = new JsonArray(FileEntry("tool.pdf", "application/pdf", exe)) })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(0, await CountApplicationsAsync(tenant));
        Assert.Equal(filesBefore, CountStoredFiles(factory, tenant));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Twenty_parallel_submits_with_one_key_create_one_application(string provider)
    {
        var tenant = await (await TestServers.GetAsync(provider)).CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var key = Guid.NewGuid().ToString();
        var body = Body(ValidAnswers());

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var r = await SubmitAsync(tenant.Api, AllTypesSlug, body, key);
            return (r.StatusCode, Json: await ReadJsonAsync(r));
        }));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.Json.ToJsonString()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Single(responses.Select(r => r.Json["receiptNumber"]!.GetValue<string>()).Distinct());
        Assert.Single(responses.Select(r => r.Json["accessCode"]!.GetValue<string>()).Distinct());
        Assert.Equal(1, await CountApplicationsAsync(tenant));

        var changed = ValidAnswers();
        changed["count"] = 4;
        using var reused = await SubmitAsync(tenant.Api, AllTypesSlug, Body(changed), key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal(1, await CountApplicationsAsync(tenant));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Submit_without_idempotency_key_or_with_unknown_field_is_a_problem(string provider)
    {
        var tenant = await (await TestServers.GetAsync(provider)).CreateTenantAsync();
        await PublishAllTypesAsync(tenant);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/procedures/{AllTypesSlug}/applications")
        {
            Content = new StringContent(Body(ValidAnswers()).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        using var noKey = await tenant.Api.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.Equal("idempotencyKeyRequired", (await ReadJsonAsync(noKey))["code"]!.GetValue<string>());

        var answers = ValidAnswers();
        answers["status"] = "Approved";
        using var unknown = await SubmitAsync(tenant.Api, AllTypesSlug, Body(answers));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await ReadJsonAsync(unknown))["errors"]!.AsObject().ContainsKey("answers.status"));

        using var malformed = await tenant.Api.PostAsync($"/api/v1/procedures/{AllTypesSlug}/applications", new StringContent("{\"answers\": {", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(0, await CountApplicationsAsync(tenant));
    }

    private static int CountStoredFiles(MadoguchiFactory factory, TestTenant tenant)
    {
        var dir = Path.Combine(factory.DataDirectory, "files", tenant.Id.ToString("N"));
        return Directory.Exists(dir) ? Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Length : 0;
    }
}
