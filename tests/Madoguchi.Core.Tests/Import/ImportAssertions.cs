using Madoguchi.Core.Import;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Import;

internal static class ImportAssertions
{
    public static readonly ImportOptions Options = new("子育て支援課") { DepartmentEn = "Child Support Division" };

    public static ImportResult ImportXlsForm(string fixture) => XlsFormImporter.Import(XlsxFixture.Open(fixture), Options);

    public static ImportResult ImportXForm(string fixture)
    {
        using var stream = File.OpenRead(XlsxFixture.FixturePath(fixture));
        return XFormImporter.Import(stream, Options);
    }

    /// <summary>The authoritative check: the definition, written and read back, has no problem at all.</summary>
    public static ProcedureDefinition AssertValid(ImportResult result)
    {
        Assert.NotNull(result.Definition);
        var parsed = ProcedureDefinitionParser.Parse(ProcedureJson.Serialize(result.Definition));
        Assert.True(parsed.IsValid, string.Join("\n", parsed.Problems.Select(p => $"{p.Code} at {p.Path}: {p.Message.En}")));
        Assert.DoesNotContain(result.Issues, i => i.Code == "invalidResult");
        return result.Definition;
    }

    public static string Describe(IEnumerable<ImportIssue> issues) => string.Join("\n", issues.Select(i => $"{i} «{i.Text}»"));

    public static FieldDefinition Field(ProcedureDefinition d, string id) =>
        d.FindField(id) ?? throw new Xunit.Sdk.XunitException($"No field {id}; fields: {string.Join(", ", d.AllFields.Select(f => f.Id))}");
}
