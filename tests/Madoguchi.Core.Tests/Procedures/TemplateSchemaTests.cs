using System.Text.Json;
using System.Text.RegularExpressions;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Procedures;

/// <summary>
/// docs/schema/procedure.v1.schema.json against every definition the repository ships: templates, samples,
/// benchmark procedures and the examples in docs/procedure-format.md. The importer is stricter than the schema,
/// so everything the importer accepts must also satisfy the schema, never the other way round.
/// </summary>
public sealed partial class TemplateSchemaTests
{
    private static readonly Lazy<JsonSchemaChecker> Checker = new(() =>
        new JsonSchemaChecker(JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("docs", "schema", "procedure.v1.schema.json"))).RootElement.Clone()));

    public static TheoryData<string> Definitions()
    {
        var files = new[] { "templates", Path.Combine("samples", "procedures"), Path.Combine("bench", "procedures") }
            .SelectMany(folder => Directory.GetFiles(RepositoryFiles.PathOf(folder), "*.json"))
            .Select(f => Path.GetRelativePath(RepositoryFiles.Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        return new TheoryData<string>(files);
    }

    private static List<string> Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Checker.Value.Validate(document.RootElement);
    }

    [Theory]
    [MemberData(nameof(Definitions))]
    public void Every_template_sample_and_benchmark_definition_validates_against_the_schema(string relativePath)
    {
        var json = File.ReadAllText(Path.Combine(RepositoryFiles.Root, relativePath));
        Assert.True(ProcedureDefinitionParser.Parse(json).IsValid, $"{relativePath} does not import cleanly.");

        Assert.Empty(Validate(json));
    }

    [Fact]
    public void Every_definition_example_in_the_format_documentation_parses_and_validates_against_the_schema()
    {
        var examples = DocumentationExamples().ToList();
        Assert.True(examples.Count >= 2, "Expected the basic and the worked example.");
        foreach (var example in examples)
        {
            var result = ProcedureDefinitionParser.Parse(example);
            Assert.Empty(result.Problems.Select(p => $"{p.Path} {p.Code} {p.Message.En}"));
            Assert.Empty(Validate(example));
        }

        // The worked example shows every construct it promises.
        var worked = ProcedureDefinitionParser.Parse(examples[1]).Definition!;
        Assert.Contains(worked.AllFields, f => f.Type == FieldType.Section && f.VisibleWhen is not null);
        Assert.Contains(worked.AllFields, f => f.Type == FieldType.Repeat);
        Assert.Contains(worked.AllFields, f => f.Calculate == "min(round(total * 2 / 3, 0), 3000000)");
        Assert.Contains(worked.AllFields, f => f.Display == "wareki");
        Assert.Contains(worked.Pages, p => p.Next.Count > 0);
        Assert.NotEmpty(worked.Checks);
    }

    [Fact]
    public void The_check_example_in_the_documentation_is_a_valid_check()
    {
        var markdown = File.ReadAllText(RepositoryFiles.PathOf("docs", "procedure-format.md"));
        var check = JsonBlocks(markdown).Single(b => b.Contains("\"assert\"", StringComparison.Ordinal) && !b.Contains("\"format\"", StringComparison.Ordinal));
        var definition = $$"""
            { "format": 1, "slug": "check-example", "title": { "ja": "例" }, "department": { "ja": "例" },
              "pages": [ { "id": "p", "title": { "ja": "例" }, "fields": [
                { "id": "startDate", "type": "date", "label": { "ja": "開始日" } },
                { "id": "endDate", "type": "date", "label": { "ja": "終了日" } } ] } ],
              "checks": [ {{check}} ] }
            """;

        Assert.Empty(ProcedureDefinitionParser.Parse(definition).Problems.Select(p => $"{p.Path} {p.Code}"));
        Assert.Empty(Validate(definition));
    }

    [Theory]
    [InlineData("\"maxRows\": 20", "\"maxRows\": 20, \"rows\": 3", "\"rows\" is not allowed")]
    [InlineData("\"display\": \"wareki\"", "\"display\": \"era\"", "is not one of")]
    [InlineData("\"type\": \"bankAccount\"", "\"type\": \"bank\"", "is not one of")]
    [InlineData("\"goTo\": \"costs\"", "\"goTo\": \"costs page\"", "does not match")]
    [InlineData("\"calculate\": \"sum(invoices.amount)\"", "\"calculate\": \" \"", "does not match")]
    [InlineData("\"visibleWhen\": \"kind = 'corp'\",", "\"visibleWhen\": \"kind = 'corp'\", \"required\": true,", "\"required\" is not allowed")]
    [InlineData("\"minRows\": 1", "\"minRows\": -1", "breaks minimum")]
    public void The_schema_rejects_what_the_format_forbids(string find, string replace, string expected)
    {
        var json = WorkedExample();
        Assert.Contains(find, json, StringComparison.Ordinal);

        var errors = Validate(json.Replace(find, replace, StringComparison.Ordinal));

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_schema_rejects_a_file_field_inside_a_repeat_group()
    {
        var json = WorkedExample().Replace(
            "{ \"id\": \"vendor\",",
            "{ \"id\": \"scan\", \"type\": \"file\", \"label\": { \"ja\": \"写し\" } }, { \"id\": \"vendor\",",
            StringComparison.Ordinal);

        Assert.Contains(Validate(json), e => e.Contains("must not match", StringComparison.Ordinal));
        Assert.Contains(ProcedureDefinitionParser.Parse(json).Problems, p => p.Code == "fileInRepeat");
    }

    /// <summary>The worked example of the documentation, with a repeat whose rows say minRows so the tests can edit it.</summary>
    private static string WorkedExample() =>
        """
        {
          "format": 1, "slug": "schema-probe", "title": { "ja": "検査" }, "department": { "ja": "検査課" },
          "pages": [
            { "id": "who", "title": { "ja": "申請者" }, "fields": [
              { "id": "kind", "type": "choice", "label": { "ja": "区分" }, "choices": [ { "value": "corp", "label": { "ja": "法人" } } ] },
              { "id": "corp", "type": "section", "label": { "ja": "法人" }, "visibleWhen": "kind = 'corp'", "fields": [
                { "id": "corpNumber", "type": "corporateNumber", "label": { "ja": "法人番号" } } ] },
              { "id": "born", "type": "date", "label": { "ja": "生年月日" }, "display": "wareki" },
              { "id": "account", "type": "bankAccount", "label": { "ja": "口座" } } ],
              "next": [ { "when": "kind = 'corp'", "goTo": "costs" } ] },
            { "id": "costs", "title": { "ja": "経費" }, "fields": [
              { "id": "invoices", "type": "repeat", "label": { "ja": "請求書" }, "minRows": 1, "maxRows": 20, "fields": [
                { "id": "vendor", "type": "text", "label": { "ja": "支払先" } },
                { "id": "amount", "type": "integer", "label": { "ja": "金額" } } ] },
              { "id": "total", "type": "integer", "label": { "ja": "合計" }, "calculate": "sum(invoices.amount)" } ] }
          ]
        }
        """;

    private static IEnumerable<string> DocumentationExamples() =>
        JsonBlocks(File.ReadAllText(RepositoryFiles.PathOf("docs", "procedure-format.md")))
            .Where(b => b.Contains("\"format\": 1", StringComparison.Ordinal));

    private static IEnumerable<string> JsonBlocks(string markdown) =>
        JsonBlockRegex().Matches(markdown).Select(m => m.Groups[1].Value);

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex JsonBlockRegex();
}
