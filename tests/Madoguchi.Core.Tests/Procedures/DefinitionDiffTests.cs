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

    private static string WithRoute(string route) => V1.Insert(V1.LastIndexOf('}'), ", \"route\": " + route);

    private const string Route1 = """
        { "steps": [
          { "id": "review", "kind": "review", "label": { "ja": "担当者審査" }, "department": "shimin" },
          { "id": "chief", "kind": "approval", "label": { "ja": "係長決裁" }, "role": "kakaricho" } ] }
        """;

    [Fact]
    public void Route_changes_are_reported_per_step_and_for_the_route_settings()
    {
        var before = Parse(WithRoute(Route1));
        Assert.Empty(DefinitionDiff.Compare(before, Parse(WithRoute(Route1))));

        var route2 = Route1
            .Replace("\"role\": \"kakaricho\" }", "\"role\": \"kacho\" },\n  { \"id\": \"director\", \"kind\": \"approval\", \"label\": { \"ja\": \"部長決裁\" }, \"role\": \"bucho\", \"when\": \"b > 3\" }", StringComparison.Ordinal)
            .Replace("] }", "], \"outcomes\": [\"grant\", \"refuse\"] }", StringComparison.Ordinal);
        var changes = DefinitionDiff.Compare(before, Parse(WithRoute(route2)));

        Assert.Contains(changes, c => c is { Kind: ChangeKind.Changed, Element: "step:chief", Property: "role", Before: "\"kakaricho\"", After: "\"kacho\"" });
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Added, Element: "step:director" } && c.Description.Ja == "決裁ルートの段階「部長決裁」を追加");
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Changed, Element: "route", Property: "outcomes", Before: null });
        Assert.DoesNotContain(changes, c => c.Element == "procedure");
        Assert.Equal(3, changes.Count);

        // A reorder of steps is a move; removing the route entirely removes every step.
        var swapped = Parse(WithRoute("""
            { "steps": [
              { "id": "chief", "kind": "approval", "label": { "ja": "係長決裁" }, "role": "kakaricho" },
              { "id": "review", "kind": "review", "label": { "ja": "担当者審査" }, "department": "shimin" } ] }
            """));
        var moves = DefinitionDiff.Compare(before, swapped);
        Assert.NotEmpty(moves);
        Assert.All(moves, c => Assert.Equal(ChangeKind.Moved, c.Kind));
        Assert.Equal(2, DefinitionDiff.Compare(before, swapped).Count);
        var removed = DefinitionDiff.Compare(before, Parse(V1));
        Assert.Equal(["step:chief", "step:review"], removed.Where(c => c.Kind == ChangeKind.Removed).Select(c => c.Element).Order());
    }
}
