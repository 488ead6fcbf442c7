using System.Text.Json.Nodes;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Procedures;

/// <summary>sealPolicy, declaration and documents in format v1: parsing, problems with paths, writing and the diff.</summary>
public sealed class SealPolicyParserTests
{
    private const string Valid = """
        { "format": 1, "slug": "seal-policy", "title": { "ja": "宣誓" }, "department": { "ja": "課" }, "pages": [
          { "id": "p1", "title": { "ja": "1" }, "fields": [ { "id": "name", "type": "text", "label": { "ja": "氏名" } } ] } ] }
        """;

    private static DefinitionParseResult Parse(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(Valid)!.AsObject();
        change(root);
        return ProcedureDefinitionParser.Parse(root.ToJsonString());
    }

    [Fact]
    public void Without_a_policy_the_default_is_none_and_it_is_not_written()
    {
        var result = ProcedureDefinitionParser.Parse(Valid);

        Assert.True(result.IsValid);
        Assert.Equal(SealPolicy.None, result.Definition!.SealPolicy);
        Assert.DoesNotContain("sealPolicy", ProcedureJson.Serialize(result.Definition), StringComparison.Ordinal);
        Assert.Equal(SealPolicies.DefaultDeclaration, SealPolicies.DeclarationOf(result.Definition));
    }

    [Theory]
    [InlineData("none", SealPolicy.None)]
    [InlineData("declaration", SealPolicy.Declaration)]
    [InlineData("identity", SealPolicy.Identity)]
    public void Each_policy_is_read_and_written_back(string name, SealPolicy expected)
    {
        var result = Parse(r => r["sealPolicy"] = name);

        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => p.Path + " " + p.Code)));
        Assert.Equal(expected, result.Definition!.SealPolicy);
        var again = ProcedureDefinitionParser.Parse(ProcedureJson.Serialize(result.Definition));
        Assert.Equal(expected, again.Definition!.SealPolicy);
    }

    [Fact]
    public void An_unknown_policy_is_a_problem_at_its_path_in_both_languages()
    {
        var result = Parse(r => r["sealPolicy"] = "hanko");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("$.sealPolicy", problem.Path);
        Assert.Equal("invalidSealPolicy", problem.Code);
        Assert.Contains("hanko", problem.Message.Ja, StringComparison.Ordinal);
        Assert.Contains("declaration", problem.Message.En!, StringComparison.Ordinal);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void A_policy_of_the_wrong_type_is_wrongType()
    {
        var result = Parse(r => r["sealPolicy"] = 1);

        Assert.Contains(result.Problems, p => p is { Path: "$.sealPolicy", Code: "wrongType" });
    }

    [Fact]
    public void The_declaration_text_is_kept_with_the_declaration_policy_and_refused_without_it()
    {
        var with = Parse(r =>
        {
            r["sealPolicy"] = "declaration";
            r["declaration"] = new JsonObject { ["ja"] = "記載事項は事実に相違ありません。", ["en"] = "All of the above is true." };
        });
        Assert.True(with.IsValid);
        Assert.Equal("記載事項は事実に相違ありません。", SealPolicies.DeclarationOf(with.Definition!).Ja);

        var without = Parse(r => r["declaration"] = new JsonObject { ["ja"] = "誓います。" });
        var problem = Assert.Single(without.Problems);
        Assert.Equal(("$.declaration", "notApplicable"), (problem.Path, problem.Code));

        var blank = Parse(r =>
        {
            r["sealPolicy"] = "declaration";
            r["declaration"] = new JsonObject { ["ja"] = " " };
        });
        Assert.Contains(blank.Problems, p => p.Path.StartsWith("$.declaration", StringComparison.Ordinal) && p.Code == "required");
    }

    [Fact]
    public void Documents_accept_the_known_kinds_as_objects_and_report_others_with_paths()
    {
        var template = new JsonObject { ["id"] = "notice-grant", ["kind"] = "notice", ["blocks"] = new JsonArray() };
        var good = Parse(r => r["documents"] = new JsonObject { ["notice-grant"] = template });
        Assert.True(good.IsValid, string.Join("; ", good.Problems.Select(p => p.Path + " " + p.Code)));
        Assert.Equal("notice", good.Definition!.Documents!["notice-grant"].GetProperty("kind").GetString());
        var written = ProcedureJson.Serialize(good.Definition);
        Assert.Contains("\"documents\":{\"notice-grant\":{", written, StringComparison.Ordinal);

        var bad = Parse(r => r["documents"] = new JsonObject { ["notice-granted"] = new JsonObject(), ["applicant-copy"] = "x" });
        Assert.Contains(bad.Problems, p => p is { Path: "$.documents['notice-granted']", Code: "unknownProperty" });
        Assert.Contains(bad.Problems, p => p is { Path: "$.documents['applicant-copy']", Code: "wrongType" });
    }

    [Fact]
    public void The_diff_reports_a_changed_policy()
    {
        var before = ProcedureDefinitionParser.Parse(Valid).Definition!;
        var after = Parse(r => r["sealPolicy"] = "identity").Definition!;

        var change = Assert.Single(DefinitionDiff.Compare(before, after));
        Assert.Equal((ChangeKind.Changed, "procedure", "sealPolicy"), (change.Kind, change.Element, change.Property));
        Assert.Equal("\"identity\"", change.After);
    }
}
