using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Procedures;

/// <summary>The template gallery (templates/*.json): each one imports cleanly, is complete in English and round-trips.</summary>
public sealed class TemplateTests
{
    internal static string[] TemplateFileNames() =>
        Directory.GetFiles(RepositoryFiles.PathOf("templates"), "*.json")
            .Select(f => Path.GetFileName(f))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public static TheoryData<string> Templates() => new(TemplateFileNames());

    internal static string ReadTemplate(string fileName) => File.ReadAllText(RepositoryFiles.PathOf("templates", fileName));

    internal static ProcedureDefinition ParseTemplate(string fileName)
    {
        var result = ProcedureDefinitionParser.Parse(ReadTemplate(fileName));
        Assert.True(result.IsValid, $"{fileName}: " + string.Join("; ", result.Problems.Select(p => $"{p.Path} {p.Code} {p.Message.En}")));
        return result.Definition!;
    }

    [Fact]
    public void The_gallery_has_at_least_twelve_templates_each_with_a_sample_and_a_readme_entry()
    {
        var names = TemplateFileNames();
        Assert.True(names.Length >= 12, $"Only {names.Length} templates.");

        var samples = Directory.GetFiles(RepositoryFiles.PathOf("templates", "samples"), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);
        Assert.Equal(names, samples);

        var readme = File.ReadAllText(RepositoryFiles.PathOf("templates", "README.md"));
        Assert.All(names, name => Assert.Contains($"`{Path.GetFileNameWithoutExtension(name)}`", readme, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Every_template_parses_with_no_problems_and_its_slug_is_its_file_name(string fileName)
    {
        var result = ProcedureDefinitionParser.Parse(ReadTemplate(fileName));

        Assert.Empty(result.Problems.Select(p => $"{p.Path} {p.Code} {p.Message.En}"));
        Assert.True(result.IsValid);
        Assert.Equal(Path.GetFileNameWithoutExtension(fileName), result.Definition!.Slug);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Every_text_of_every_template_has_english(string fileName)
    {
        // Any object with "ja" is localized text: title, labels, hints, choices, units, row labels, messages, contact.
        var missing = LocalizedTexts(JsonNode.Parse(ReadTemplate(fileName)), "$")
            .Where(t => string.IsNullOrWhiteSpace(t.Text["en"]?.GetValue<string>()))
            .Select(t => t.Path);
        Assert.Empty(missing);

        var definition = ParseTemplate(fileName);
        Assert.All(definition.AllFields, f => Assert.False(string.IsNullOrEmpty((f.Type.IsStatic() ? f.Text! : f.Label).En), f.Id));
        Assert.All(definition.Pages, p => Assert.False(string.IsNullOrEmpty(p.Title.En), p.Id));
        Assert.All(definition.Checks, c => Assert.False(string.IsNullOrEmpty(c.Message.En), c.Id));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Every_template_names_its_department_contact_processing_period_and_requirements(string fileName)
    {
        var d = ParseTemplate(fileName);

        Assert.False(string.IsNullOrWhiteSpace(d.Department.Ja));
        Assert.NotNull(d.Description);
        Assert.NotNull(d.ProcessingDays);
        Assert.NotNull(d.Contact?.Phone);
        Assert.NotNull(d.Contact?.Name);
        Assert.NotEmpty(d.Requirements);
        Assert.NotNull(d.ApplicantNameField);
        Assert.InRange(d.Pages.Count, 2, 6);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Every_template_round_trips_through_the_serializer(string fileName)
    {
        var definition = ParseTemplate(fileName);
        var json = ProcedureJson.Serialize(definition);

        var again = ProcedureDefinitionParser.Parse(json);
        Assert.True(again.IsValid, string.Join("; ", again.Problems.Select(p => $"{p.Path} {p.Code}")));
        Assert.Equal(json, ProcedureJson.Serialize(again.Definition!));

        var deserialized = JsonSerializer.Deserialize<ProcedureDefinition>(json, ProcedureJson.Options)!;
        Assert.Equal(json, ProcedureJson.Serialize(deserialized));

        // Nothing written in the file is lost on the way: the canonical form holds the same JSON tree.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ReadTemplate(fileName)), JsonNode.Parse(json)), "The canonical form differs from the file.");
    }

    [Fact]
    public void The_gallery_uses_the_new_constructs()
    {
        var definitions = TemplateFileNames().Select(ParseTemplate).ToList();
        var fields = definitions.SelectMany(d => d.AllFields).ToList();

        foreach (var type in new[] { FieldType.Section, FieldType.Repeat, FieldType.Name, FieldType.Address, FieldType.BankAccount })
        {
            Assert.Contains(fields, f => f.Type == type);
        }

        Assert.Contains(fields, f => f.Display == "wareki");
        Assert.Contains(fields, f => f.Calculate is not null);
        Assert.Contains(fields, f => f.RequiredWhen is not null);
        Assert.Contains(fields, f => f.Charset is not null);
        Assert.Contains(fields, f => f.PhoneKind is not null);
        Assert.Contains(definitions, d => d.Pages.Any(p => p.Next.Count > 0));
        Assert.Contains(definitions, d => d.Pages.Any(p => p.VisibleWhen is not null));
        Assert.Contains(definitions, d => d.Checks.Any(c => c.Assert.Contains("days(", StringComparison.Ordinal)));

        // Money paid out goes to a bank account; the subsidy is the documented calculation.
        Assert.Contains(definitions.Single(d => d.Slug == "subsidy-application").AllFields, f => f.Type == FieldType.BankAccount);
        Assert.Contains(definitions.Single(d => d.Slug == "school-expense-aid").AllFields, f => f.Type == FieldType.BankAccount);
        Assert.Equal("min(round(totalCost * 2 / 3, 0), 3000000)", definitions.Single(d => d.Slug == "subsidy-application").FindField("subsidyAmount")!.Calculate);
        Assert.Equal("age(pupilBirthDate)", definitions.Single(d => d.Slug == "school-expense-aid").FindField("pupilAge")!.Calculate);
    }

    private static IEnumerable<(string Path, JsonObject Text)> LocalizedTexts(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o when o.ContainsKey("ja"):
                yield return (path, o);
                break;
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    foreach (var text in LocalizedTexts(value, $"{path}.{name}"))
                    {
                        yield return text;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var text in LocalizedTexts(a[i], $"{path}[{i}]"))
                    {
                        yield return text;
                    }
                }

                break;
            default:
                break;
        }
    }
}
