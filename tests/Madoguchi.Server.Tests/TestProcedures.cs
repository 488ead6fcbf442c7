using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Madoguchi.Server.Tests;

/// <summary>A procedure with one field of every type, and helpers to publish it and build valid answers.</summary>
public static class TestProcedures
{
    public const string AllTypesSlug = "all-types";

    public static string AllTypesJson(string slug = AllTypesSlug, string titleJa = "全項目テスト") => $$"""
    {
      "format": 1,
      "slug": "{{slug}}",
      "title": { "ja": "{{titleJa}}", "en": "All field types" },
      "department": { "ja": "総務課", "en": "General Affairs" },
      "processingDays": 10,
      "applicantNameField": "name",
      "applicantEmailField": "email",
      "pages": [
        {
          "id": "p1",
          "title": { "ja": "基本", "en": "Basics" },
          "fields": [
            { "id": "intro", "type": "heading", "text": { "ja": "はじめに", "en": "Intro" } },
            { "id": "name", "type": "text", "label": { "ja": "氏名", "en": "Name" }, "required": true, "maxLength": 20 },
            { "id": "kana", "type": "kana", "label": { "ja": "フリガナ", "en": "Reading" }, "required": true },
            { "id": "note", "type": "textarea", "label": { "ja": "備考", "en": "Note" }, "maxLength": 50 },
            { "id": "count", "type": "integer", "label": { "ja": "人数", "en": "People" }, "required": true, "min": 1, "max": 100 },
            { "id": "area", "type": "decimal", "label": { "ja": "面積", "en": "Area" }, "scale": 2, "min": 0, "max": 1000, "unit": { "ja": "㎡", "en": "m²" } },
            { "id": "day", "type": "date", "label": { "ja": "日付", "en": "Date" }, "required": true, "minDate": "2000-01-01", "maxDate": "2099-12-31" }
          ]
        },
        {
          "id": "p2",
          "title": { "ja": "詳細", "en": "Details" },
          "fields": [
            { "id": "kind", "type": "choice", "label": { "ja": "種別", "en": "Kind" }, "required": true,
              "choices": [ { "value": "a", "label": { "ja": "甲", "en": "A" } }, { "value": "b", "label": { "ja": "乙", "en": "B" } } ] },
            { "id": "tags", "type": "multiChoice", "label": { "ja": "分類", "en": "Tags" }, "maxSelected": 2,
              "choices": [ { "value": "x", "label": { "ja": "X", "en": "X" } }, { "value": "y", "label": { "ja": "Y", "en": "Y" } }, { "value": "z", "label": { "ja": "Z", "en": "Z" } } ] },
            { "id": "agree", "type": "yesNo", "label": { "ja": "同意", "en": "Agree" }, "required": true },
            { "id": "email", "type": "email", "label": { "ja": "メール", "en": "Email" }, "required": true },
            { "id": "phone", "type": "phone", "label": { "ja": "電話", "en": "Phone" } },
            { "id": "zip", "type": "postalCode", "label": { "ja": "郵便番号", "en": "Postal code" } },
            { "id": "corp", "type": "corporateNumber", "label": { "ja": "法人番号", "en": "Corporate number" } },
            { "id": "doc", "type": "file", "label": { "ja": "書類", "en": "Document" }, "accept": ["pdf", "png"], "maxFileSizeBytes": 2048, "maxFiles": 2 }
          ]
        }
      ]
    }
    """;

    public static JsonObject ValidAnswers() => new()
    {
        ["name"] = "山田 太郎",
        ["kana"] = "ﾔﾏﾀﾞ ﾀﾛｳ",
        ["note"] = "特になし",
        ["count"] = 3,
        ["area"] = "12.5",
        ["day"] = "令和8年4月1日",
        ["kind"] = "a",
        ["tags"] = new JsonArray("x", "z"),
        ["agree"] = true,
        ["email"] = "taro@example.jp",
        ["phone"] = "03-1234-5678",
        ["zip"] = "1000001",
        ["corp"] = "7123456789012",
    };

    public static readonly byte[] SmallPdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

    public static readonly byte[] SmallPng =
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89,
    ];

    public static JsonObject FileEntry(string name, string contentType, byte[] content) => new()
    {
        ["name"] = name,
        ["contentType"] = contentType,
        ["contentBase64"] = Convert.ToBase64String(content),
    };

    public static async Task PublishAllTypesAsync(TestTenant tenant, string slug = AllTypesSlug)
    {
        using var create = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(AllTypesJson(slug), Encoding.UTF8, "application/json"));
        Assert.True(create.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await create.Content.ReadAsStringAsync());
        using var publish = await tenant.Api.PostAsync($"/api/v1/procedures/{slug}/publish", null);
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
    }

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string slug, JsonObject body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/procedures/{slug}/applications")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return await client.SendAsync(request);
    }

    public static JsonObject Body(JsonObject answers, JsonObject? files = null)
    {
        var body = new JsonObject { ["answers"] = answers };
        if (files is not null)
        {
            body["files"] = files;
        }

        return body;
    }

    public static async Task<int> CountApplicationsAsync(TestTenant tenant, string slug = AllTypesSlug)
    {
        var page = await tenant.Api.GetFromJsonAsync<JsonObject>($"/api/v1/applications?procedure={slug}&pageSize=1");
        return page!["total"]!.GetValue<int>();
    }

    public static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject ?? throw new InvalidOperationException("Not a JSON object.");

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Madoguchi.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
