using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Procedures;

public sealed class DefinitionDiffTests
{
    private static ProcedureDefinition Parse(string json)
    {
        var result = ProcedureDefinitionParser.Parse(json);
        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => p.Path + " " + p.Code)));
        return result.Definition!;
    }

    private const string V1 = """
        { "format": 1, "slug": "diff", "title": { "ja": "差分" }, "department": { "ja": "課" }, "pages": [
          { "id": "p1", "title": { "ja": "1" }, "fields": [
            { "id": "a", "type": "text", "label": { "ja": "氏名" } },
            { "id": "b", "type": "integer", "label": { "ja": "人数" }, "max": 5 },
            { "id": "c", "type": "email", "label": { "ja": "メール" } } ] } ] }
        """;

    [Fact]
    public void Identical_versions_have_no_changes_and_one_edit_is_one_change()
    {
        Assert.Empty(DefinitionDiff.Compare(Parse(V1), Parse(V1)));
        var edited = Parse(V1.Replace("\"max\": 5", "\"max\": 6", StringComparison.Ordinal));
        Assert.Single(DefinitionDiff.Compare(Parse(V1), edited));
    }

    [Fact]
    public void Rename_limit_move_add_and_remove_are_reported_per_element()
    {
        var v2 = V1
            .Replace("\"label\": { \"ja\": \"氏名\" }", "\"label\": { \"ja\": \"申請者氏名\" }", StringComparison.Ordinal)
            .Replace("\"max\": 5", "\"max\": 10", StringComparison.Ordinal)
            .Replace("{ \"id\": \"c\", \"type\": \"email\", \"label\": { \"ja\": \"メール\" } }", "{ \"id\": \"d\", \"type\": \"phone\", \"label\": { \"ja\": \"電話\" } }", StringComparison.Ordinal)
            .Replace("\"title\": { \"ja\": \"差分\" }", "\"title\": { \"ja\": \"差分\", \"en\": \"Diff\" }", StringComparison.Ordinal);
        var changes = DefinitionDiff.Compare(Parse(V1), Parse(v2));

        Assert.Contains(changes, c => c is { Kind: ChangeKind.Changed, Element: "field:a", Property: "label" } && c.After!.Contains("申請者氏名", StringComparison.Ordinal));
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Changed, Element: "field:b", Property: "max", Before: "5", After: "10" });
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Removed, Element: "field:c" } && c.Description.Ja == "項目「メール」を削除");
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Added, Element: "field:d" });
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Changed, Element: "procedure", Property: "title" });
        Assert.DoesNotContain(changes, c => c.Element == "field:a" && c.Kind != ChangeKind.Changed);
        Assert.Equal(5, changes.Count);
    }

    [Fact]
    public void Reordering_is_a_move_not_a_remove_and_add()
    {
        var v2 = V1.Replace(
            "{ \"id\": \"a\", \"type\": \"text\", \"label\": { \"ja\": \"氏名\" } },\n    { \"id\": \"b\", \"type\": \"integer\", \"label\": { \"ja\": \"人数\" }, \"max\": 5 },",
            "{ \"id\": \"b\", \"type\": \"integer\", \"label\": { \"ja\": \"人数\" }, \"max\": 5 },\n    { \"id\": \"a\", \"type\": \"text\", \"label\": { \"ja\": \"氏名\" } },",
            StringComparison.Ordinal);
        Assert.NotEqual(V1, v2);
        var changes = DefinitionDiff.Compare(Parse(V1), Parse(v2));

        Assert.All(changes, c => Assert.Equal(ChangeKind.Moved, c.Kind));
        Assert.Equal(["field:a", "field:b"], changes.Select(c => c.Element).Order());
    }
}
