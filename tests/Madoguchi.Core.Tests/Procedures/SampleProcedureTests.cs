using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Procedures;

public sealed class SampleProcedureTests
{
    private static string[] SampleFileNames() =>
        Directory.GetFiles(RepositoryFiles.PathOf("samples", "procedures"), "*.json")
            .Select(f => Path.GetFileName(f))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public static TheoryData<string> Samples() => new(SampleFileNames());

    [Fact]
    public void The_three_samples_exist()
    {
        var names = SampleFileNames();
        Assert.Contains("business-subsidy.json", names);
        Assert.Contains("resident-record-copy.json", names);
        Assert.Contains("event-sponsorship.json", names);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_parses_with_no_problems(string fileName)
    {
        var result = ProcedureDefinitionParser.Parse(File.ReadAllText(RepositoryFiles.PathOf("samples", "procedures", fileName)));

        Assert.Empty(result.Problems.Select(p => $"{p.Path} {p.Code} {p.Message.En}"));
        Assert.True(result.IsValid);
        Assert.Equal(Path.GetFileNameWithoutExtension(fileName), result.Definition!.Slug);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_is_complete_in_english_and_has_two_or_three_pages(string fileName)
    {
        var definition = ProcedureDefinitionParser.Parse(File.ReadAllText(RepositoryFiles.PathOf("samples", "procedures", fileName))).Definition!;

        Assert.InRange(definition.Pages.Count, 2, 3);
        Assert.False(string.IsNullOrEmpty(definition.Title.En));
        Assert.All(definition.Pages, p => Assert.False(string.IsNullOrEmpty(p.Title.En)));
        Assert.All(definition.AllFields, f => Assert.False(string.IsNullOrEmpty((f.Type.IsStatic() ? f.Text! : f.Label).En), f.Id));
        Assert.All(definition.AllFields.SelectMany(f => f.Choices ?? []), c => Assert.False(string.IsNullOrEmpty(c.Label.En), c.Value));
        Assert.NotNull(definition.ApplicantNameField);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Serialize_then_parse_gives_the_same_document(string fileName)
    {
        var definition = ProcedureDefinitionParser.Parse(File.ReadAllText(RepositoryFiles.PathOf("samples", "procedures", fileName))).Definition!;
        var json = ProcedureJson.Serialize(definition);

        var again = ProcedureDefinitionParser.Parse(json);
        Assert.True(again.IsValid);
        Assert.Equal(json, ProcedureJson.Serialize(again.Definition!));

        // The serializer can read its own output too, so the server may store and load definitions either way.
        var deserialized = JsonSerializer.Deserialize<ProcedureDefinition>(json, ProcedureJson.Options)!;
        Assert.Equal(json, ProcedureJson.Serialize(deserialized));

        Assert.DoesNotContain("\n", json, StringComparison.Ordinal);
        Assert.DoesNotContain(":null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_writes_japanese_as_itself()
    {
        var definition = ProcedureDefinitionParser.Parse(File.ReadAllText(RepositoryFiles.PathOf("samples", "procedures", "business-subsidy.json"))).Definition!;
        Assert.Contains("小規模事業者 設備投資補助金", ProcedureJson.Serialize(definition), StringComparison.Ordinal);
    }

    [Fact]
    public void The_examples_in_the_format_documentation_parse()
    {
        var markdown = File.ReadAllText(RepositoryFiles.PathOf("docs", "procedure-format.md"));
        var examples = 0;
        for (var start = markdown.IndexOf("```json", StringComparison.Ordinal); start >= 0; start = markdown.IndexOf("```json", start, StringComparison.Ordinal))
        {
            start += "```json".Length;
            var end = markdown.IndexOf("```", start, StringComparison.Ordinal);
            var block = markdown[start..end];
            start = end + 3;
            if (!block.Contains("\"format\": 1", StringComparison.Ordinal))
            {
                continue; // a fragment (one check), not a whole definition
            }

            var result = ProcedureDefinitionParser.Parse(block);
            Assert.Empty(result.Problems.Select(p => $"{p.Path} {p.Code}"));
            examples++;
        }

        Assert.True(examples >= 2);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_conforms_to_the_documented_property_names_in_the_schema(string fileName)
    {
        // A light check that docs/schema and the samples agree: every property used appears in the schema.
        var schema = File.ReadAllText(RepositoryFiles.PathOf("docs", "schema", "procedure.v1.schema.json"));
        var document = JsonNode.Parse(File.ReadAllText(RepositoryFiles.PathOf("samples", "procedures", fileName)))!;
        foreach (var name in PropertyNames(document))
        {
            Assert.Contains($"\"{name}\"", schema, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<string> PropertyNames(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => PropertyNames(p.Value).Prepend(p.Key)),
        JsonArray a => a.SelectMany(PropertyNames),
        _ => [],
    };
}
