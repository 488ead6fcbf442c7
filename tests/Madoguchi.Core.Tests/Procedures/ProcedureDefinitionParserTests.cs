using System.Text.Json.Nodes;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Procedures;

public sealed class ProcedureDefinitionParserTests
{
    private const string Valid = """
        {
          "format": 1,
          "slug": "dog-registration",
          "title": { "ja": "犬の登録", "en": "Dog registration" },
          "department": { "ja": "環境課" },
          "processingDays": 10,
          "applicantNameField": "ownerName",
          "pages": [
            {
              "id": "owner",
              "title": { "ja": "飼い主" },
              "fields": [
                { "id": "intro", "type": "heading", "text": { "ja": "飼い主について" } },
                { "id": "ownerName", "type": "text", "label": { "ja": "氏名" }, "required": true },
                { "id": "count", "type": "integer", "label": { "ja": "頭数" }, "min": 1, "max": 5 },
                { "id": "breed", "type": "choice", "label": { "ja": "犬種" }, "choices": [
                  { "value": "small", "label": { "ja": "小型犬" } },
                  { "value": "large", "label": { "ja": "大型犬" } } ] },
                { "id": "photo", "type": "file", "label": { "ja": "写真" } }
              ]
            }
          ]
        }
        """;

    private static DefinitionParseResult ParseModified(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(Valid)!.AsObject();
        change(root);
        return ProcedureDefinitionParser.Parse(root.ToJsonString());
    }

    private static JsonObject Field(JsonObject root, int index) => root["pages"]![0]!["fields"]![index]!.AsObject();

    private static void AssertProblem(DefinitionParseResult result, string path, string code)
    {
        Assert.True(
            result.Problems.Any(p => p.Path == path && p.Code == code),
            $"Expected {code} at {path}; got: {string.Join("; ", result.Problems.Select(p => $"{p.Code} at {p.Path}"))}");
    }

    [Fact]
    public void Parse_accepts_a_valid_definition_and_keeps_it_as_written()
    {
        var result = ProcedureDefinitionParser.Parse(Valid);

        Assert.Empty(result.Problems);
        Assert.True(result.IsValid);
        var definition = result.Definition!;
        Assert.Equal("dog-registration", definition.Slug);
        Assert.Equal("犬の登録", definition.Title.Ja);
        Assert.Null(definition.Department.En);
        Assert.Equal(5, definition.AllFields.Count());
        Assert.Equal(4, definition.InputFields.Count());
        Assert.Equal(FieldType.Integer, definition.FindField("count")!.Type);
        Assert.Equal(5m, definition.FindField("count")!.Max);

        // Defaults are not written into the definition, but apply through the effective values.
        var photo = definition.FindField("photo")!;
        Assert.Null(photo.MaxFiles);
        Assert.Equal(1, photo.EffectiveMaxFiles);
        Assert.Equal(10 * 1024 * 1024, photo.EffectiveMaxFileSizeBytes);
        Assert.Equal(["pdf", "png", "jpeg"], photo.EffectiveAccept);
        Assert.Equal(200, definition.FindField("ownerName")!.EffectiveMaxLength);
    }

    [Theory]
    [InlineData("account", false)]
    [InlineData("status", false)]
    [InlineData("documents", false)]
    [InlineData("accounts", true)]
    public void Slugs_of_portal_pages_are_reserved(string slug, bool allowed)
    {
        var result = ParseModified(root => root["slug"] = slug);

        Assert.Equal(allowed, result.IsValid);
        Assert.Equal(allowed ? 0 : 1, result.Problems.Count(p => p.Path == "$.slug" && p.Code == "reservedSlug"));
    }

    [Fact]
    public void Parse_reports_every_problem_with_its_path()
    {
        var result = ParseModified(root =>
        {
            root["format"] = 2;
            root["slug"] = "Dog_Registration";
            root["colour"] = "blue";
            root["processingDays"] = 5000;
            root["department"] = new JsonObject { ["en"] = "Environment" };
            Field(root, 1)["id"] = "count";
            Field(root, 2)["min"] = 10;
            Field(root, 2)["choices"] = new JsonArray();
            Field(root, 3)["choices"]![1]!["value"] = "small";
            Field(root, 3)["display"] = "dropdown";
            Field(root, 4)["accept"] = new JsonArray("pdf", "exe");
            Field(root, 4)["maxFiles"] = 30;
            root["applicantNameField"] = "nobody";
        });

        Assert.False(result.IsValid);
        AssertProblem(result, "$.format", "unsupportedFormat");
        AssertProblem(result, "$.slug", "invalidSlug");
        AssertProblem(result, "$.colour", "unknownProperty");
        AssertProblem(result, "$.processingDays", "outOfRange");
        AssertProblem(result, "$.department.ja", "required");
        AssertProblem(result, "$.pages[0].fields[2].id", "duplicateId");
        AssertProblem(result, "$.pages[0].fields[2].min", "minGreaterThanMax");
        AssertProblem(result, "$.pages[0].fields[2].choices", "notApplicable");
        AssertProblem(result, "$.pages[0].fields[3].choices[1].value", "duplicateChoice");
        AssertProblem(result, "$.pages[0].fields[3].display", "invalidDisplay");
        AssertProblem(result, "$.pages[0].fields[4].accept[1]", "unknownFileKind");
        AssertProblem(result, "$.pages[0].fields[4].maxFiles", "outOfRange");
        AssertProblem(result, "$.applicantNameField", "invalidApplicantNameField");
        Assert.All(result.Problems, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Message.Ja));
            Assert.False(string.IsNullOrWhiteSpace(p.Message.En));
        });
    }

    [Fact]
    public void Parse_reports_wrong_types_and_keeps_checking_the_rest()
    {
        var result = ParseModified(root =>
        {
            root["processingDays"] = "ten";
            root["requiresAccount"] = "yes";
            root["title"] = "犬の登録";
            Field(root, 1)["required"] = 1;
            Field(root, 2)["max"] = "5";
            Field(root, 2)["id"] = "2count";
            Field(root, 3)["choices"] = "small,large";
            root["pages"]![0]!["fields"]!.AsArray().Add("not a field");
        });

        AssertProblem(result, "$.processingDays", "wrongType");
        AssertProblem(result, "$.requiresAccount", "wrongType");
        AssertProblem(result, "$.title", "wrongType");
        AssertProblem(result, "$.pages[0].fields[1].required", "wrongType");
        AssertProblem(result, "$.pages[0].fields[2].max", "wrongType");
        AssertProblem(result, "$.pages[0].fields[2].id", "invalidId");
        AssertProblem(result, "$.pages[0].fields[3].choices", "wrongType");
        AssertProblem(result, "$.pages[0].fields[5]", "wrongType");
        Assert.NotNull(result.Definition);
        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData("format", "required")]
    [InlineData("slug", "required")]
    [InlineData("title", "required")]
    [InlineData("department", "required")]
    [InlineData("pages", "required")]
    public void Parse_requires_the_top_level_properties(string name, string code)
    {
        AssertProblem(ParseModified(root => root.Remove(name)), "$." + name, code);
    }

    [Fact]
    public void Parse_requires_at_least_one_page_and_one_field_per_page()
    {
        AssertProblem(ParseModified(root => root["pages"] = new JsonArray()), "$.pages", "noPages");
        AssertProblem(ParseModified(root => root["pages"]![0]!["fields"] = new JsonArray()), "$.pages[0].fields", "emptyPage");
    }

    [Fact]
    public void Parse_requires_labels_for_inputs_and_text_for_static_blocks()
    {
        var result = ParseModified(root =>
        {
            Field(root, 0).Remove("text");
            Field(root, 1).Remove("label");
            Field(root, 2)["label"] = new JsonObject { ["ja"] = " " };
        });

        AssertProblem(result, "$.pages[0].fields[0].text", "required");
        AssertProblem(result, "$.pages[0].fields[1].label", "required");
        AssertProblem(result, "$.pages[0].fields[2].label.ja", "required");
    }

    [Fact]
    public void Parse_rejects_unknown_field_types_and_properties_a_type_does_not_use()
    {
        var result = ParseModified(root =>
        {
            Field(root, 1)["type"] = "signature";
            Field(root, 0)["required"] = true;
            Field(root, 2)["maxLength"] = 10;
            Field(root, 2)["labl"] = "typo";
        });

        AssertProblem(result, "$.pages[0].fields[1].type", "unknownFieldType");
        AssertProblem(result, "$.pages[0].fields[0].required", "notApplicable");
        AssertProblem(result, "$.pages[0].fields[2].maxLength", "notApplicable");
        AssertProblem(result, "$.pages[0].fields[2].labl", "unknownProperty");
    }

    [Theory]
    [InlineData("""{ "id": "f", "type": "text", "label": { "ja": "x" }, "maxLength": 0 }""", "maxLength", "outOfRange")]
    [InlineData("""{ "id": "f", "type": "text", "label": { "ja": "x" }, "minLength": 300 }""", "minLength", "minGreaterThanMax")]
    [InlineData("""{ "id": "f", "type": "textarea", "label": { "ja": "x" }, "minLength": 10, "maxLength": 5 }""", "minLength", "minGreaterThanMax")]
    [InlineData("""{ "id": "f", "type": "text", "label": { "ja": "x" }, "pattern": "([a-z" }""", "pattern", "invalidPattern")]
    [InlineData("""{ "id": "f", "type": "text", "label": { "ja": "x" }, "pattern": "a)|(b" }""", "pattern", "invalidPattern")]
    [InlineData("""{ "id": "f", "type": "integer", "label": { "ja": "x" }, "min": 1.5 }""", "min", "outOfRange")]
    [InlineData("""{ "id": "f", "type": "decimal", "label": { "ja": "x" }, "scale": 7 }""", "scale", "outOfRange")]
    [InlineData("""{ "id": "f", "type": "date", "label": { "ja": "x" }, "minDate": "2026/04/01" }""", "minDate", "invalidDate")]
    [InlineData("""{ "id": "f", "type": "date", "label": { "ja": "x" }, "minDate": "2026-05-01", "maxDate": "2026-04-01" }""", "minDate", "minGreaterThanMax")]
    [InlineData("""{ "id": "f", "type": "choice", "label": { "ja": "x" } }""", "choices", "required")]
    [InlineData("""{ "id": "f", "type": "multiChoice", "label": { "ja": "x" }, "choices": [] }""", "choices", "required")]
    [InlineData("""{ "id": "f", "type": "multiChoice", "label": { "ja": "x" }, "choices": [ { "value": "a", "label": { "ja": "A" } } ], "maxSelected": 2 }""", "maxSelected", "outOfRange")]
    [InlineData("""{ "id": "f", "type": "multiChoice", "label": { "ja": "x" }, "choices": [ { "value": "a", "label": { "ja": "A" } }, { "value": "b", "label": { "ja": "B" } } ], "minSelected": 2, "maxSelected": 1 }""", "minSelected", "minGreaterThanMax")]
    [InlineData("""{ "id": "f", "type": "multiChoice", "label": { "ja": "x" }, "choices": [ { "value": "a", "label": { "ja": "A" } } ], "display": "select" }""", "display", "notApplicable")]
    [InlineData("""{ "id": "f", "type": "choice", "label": { "ja": "x" }, "choices": [ { "value": " a", "label": { "ja": "A" } } ] }""", "choices[0].value", "invalidChoiceValue")]
    [InlineData("""{ "id": "f", "type": "choice", "label": { "ja": "x" }, "choices": [ { "value": "a" } ] }""", "choices[0].label", "required")]
    [InlineData("""{ "id": "f", "type": "file", "label": { "ja": "x" }, "maxFileSizeBytes": 52428801 }""", "maxFileSizeBytes", "outOfRange")]
    [InlineData("""{ "id": "f", "type": "file", "label": { "ja": "x" }, "maxFileSizeBytes": 0 }""", "maxFileSizeBytes", "outOfRange")]
    [InlineData("""{ "id": "f", "type": "file", "label": { "ja": "x" }, "maxFiles": 0 }""", "maxFiles", "outOfRange")]
    [InlineData("""{ "id": "f", "type": "file", "label": { "ja": "x" }, "accept": [] }""", "accept", "outOfRange")]
    [InlineData("""{ "id": "f", "type": "file", "label": { "ja": "x" }, "accept": ["pdf", "pdf"] }""", "accept[1]", "duplicateFileKind")]
    [InlineData("""{ "id": "f", "type": "yesNo", "label": { "ja": "x" }, "min": 0 }""", "min", "notApplicable")]
    [InlineData("""{ "type": "text", "label": { "ja": "x" } }""", "id", "required")]
    [InlineData("""{ "id": "f", "label": { "ja": "x" } }""", "type", "required")]
    [InlineData("""{ "id": "f", "type": "text", "label": { "ja": "x" }, "id": "g" }""", "id", "duplicateProperty")]
    public void Parse_checks_each_field_limit(string field, string property, string code)
    {
        var json = Valid.Replace("""{ "id": "photo", "type": "file", "label": { "ja": "写真" } }""", field, StringComparison.Ordinal);
        Assert.NotEqual(Valid, json);
        AssertProblem(ProcedureDefinitionParser.Parse(json), "$.pages[0].fields[4]." + property, code);
    }

    [Fact]
    public void Parse_checks_ids_are_unique_across_pages_and_fields()
    {
        var result = ParseModified(root =>
        {
            var second = new JsonObject
            {
                ["id"] = "ownerName",
                ["title"] = new JsonObject { ["ja"] = "二" },
                ["fields"] = new JsonArray(new JsonObject { ["id"] = "owner", ["type"] = "email", ["label"] = new JsonObject { ["ja"] = "メール" } }),
            };
            root["pages"]!.AsArray().Add(second);
        });

        AssertProblem(result, "$.pages[1].id", "duplicateId");
        AssertProblem(result, "$.pages[1].fields[0].id", "duplicateId");
    }

    [Fact]
    public void Parse_requires_applicantNameField_to_be_a_text_or_kana_field()
    {
        AssertProblem(ParseModified(root => root["applicantNameField"] = "count"), "$.applicantNameField", "invalidApplicantNameField");
        Assert.True(ParseModified(root => root.Remove("applicantNameField")).IsValid);
    }

    [Fact]
    public void Parse_checks_contact_details()
    {
        var result = ParseModified(root => root["contact"] = new JsonObject { ["phone"] = "12345", ["email"] = "not-an-address", ["fax"] = "x" });

        AssertProblem(result, "$.contact.phone", "invalidPhone");
        AssertProblem(result, "$.contact.email", "invalidEmail");
        AssertProblem(result, "$.contact.fax", "unknownProperty");
    }

    [Fact]
    public void Parse_treats_null_as_absent_for_optional_properties()
    {
        var result = ParseModified(root =>
        {
            root["description"] = null;
            Field(root, 2)["max"] = null;
        });

        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => p.Path)));
        Assert.Null(result.Definition!.FindField("count")!.Max);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("{", 1)]
    [InlineData("{\n  \"format\": 1,\n  \"slug\": \"x\"\n  \"title\": {}\n}", 4)]
    [InlineData("{ \"format\": 1, }", 1)]
    public void Parse_reports_malformed_json_with_its_line(string json, int line)
    {
        var result = ProcedureDefinitionParser.Parse(json);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("$", problem.Path);
        Assert.Equal("malformedJson", problem.Code);
        Assert.Contains($"line {line}", problem.Message.En, StringComparison.Ordinal);
        Assert.Contains($"{line}行目", problem.Message.Ja, StringComparison.Ordinal);
        Assert.Null(result.Definition);
        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    public void Parse_requires_a_json_object(string json)
    {
        var result = ProcedureDefinitionParser.Parse(json);
        Assert.Equal("wrongType", Assert.Single(result.Problems).Code);
        Assert.Null(result.Definition);
    }

    [Fact]
    public void Parse_never_throws_on_truncated_or_garbled_input()
    {
        var random = new Random(8);
        var sources = new[] { Valid }
            .Concat(Directory.GetFiles(RepositoryFiles.PathOf("samples", "procedures"), "*.json").Select(File.ReadAllText))
            .ToArray();
        var garbage = new[] { "{", "}", "[", "]", "\"", ",", ":", "null", "1e999", "-", "\\u", "\uD800", "true", "{}", "[]", "\"pages\"", "\0" };

        foreach (var source in sources)
        {
            for (var length = 0; length < source.Length; length += 7)
            {
                _ = ProcedureDefinitionParser.Parse(source[..length]);
            }

            for (var i = 0; i < 300; i++)
            {
                var start = random.Next(source.Length);
                var text = string.Concat(source.AsSpan(0, start), garbage[random.Next(garbage.Length)], source.AsSpan(Math.Min(source.Length, start + random.Next(4))));
                var result = ProcedureDefinitionParser.Parse(text);
                Assert.NotNull(result.Problems);
            }
        }

        Assert.False(ProcedureDefinitionParser.Parse(null!).IsValid);
        Assert.False(ProcedureDefinitionParser.Parse(new string('[', 10_000)).IsValid);
    }

    [Fact]
    public void Parse_never_throws_when_values_are_replaced_by_every_json_type()
    {
        var replacements = new Func<JsonNode?>[]
        {
            () => null, () => JsonValue.Create(-1), () => JsonValue.Create(1e300), () => JsonValue.Create("x"), () => JsonValue.Create(true),
            () => new JsonArray(), () => new JsonArray(JsonValue.Create(1)), () => new JsonObject(), () => new JsonObject { ["ja"] = 1 },
        };

        var paths = new List<(JsonObject Owner, string Name)>();
        void Collect(JsonNode? node)
        {
            if (node is JsonObject o)
            {
                foreach (var (name, value) in o.ToArray())
                {
                    paths.Add((o, name));
                    Collect(value);
                }
            }
            else if (node is JsonArray a)
            {
                foreach (var item in a)
                {
                    Collect(item);
                }
            }
        }

        var template = JsonNode.Parse(Valid)!;
        Collect(template);
        for (var p = 0; p < paths.Count; p++)
        {
            foreach (var replacement in replacements)
            {
                var root = JsonNode.Parse(Valid)!;
                paths.Clear();
                Collect(root);
                var (owner, name) = paths[p];
                owner[name] = replacement();
                var result = ProcedureDefinitionParser.Parse(root.ToJsonString());
                Assert.NotNull(result);
            }
        }
    }

    [Fact]
    public void Problems_name_the_place_in_both_languages()
    {
        var result = ParseModified(root => Field(root, 3)["display"] = "dropdown");

        var problem = Assert.Single(result.Problems);
        Assert.Contains("breed", problem.Message.Ja, StringComparison.Ordinal);
        Assert.Contains("breed", problem.Message.En, StringComparison.Ordinal);
        Assert.Contains("dropdown", problem.Message.En, StringComparison.Ordinal);
    }
}
