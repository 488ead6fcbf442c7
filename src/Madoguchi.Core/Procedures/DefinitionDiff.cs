using System.Text.Json;
using System.Text.Json.Nodes;

namespace Madoguchi.Core.Procedures;

/// <summary>What changed between two versions of a procedure, element by element, for the side-by-side view.</summary>
public enum ChangeKind
{
    Added,
    Removed,
    Changed,
    Moved,
}

/// <summary>
/// One difference. <see cref="Element"/> names the procedure, a page ("page:id"), a field ("field:id"), a check
/// ("check:id"), the approval route's settings ("route") or one of its steps ("step:id"); <see cref="Property"/> is the JSON property that differs (null for added/removed/moved elements).
/// </summary>
public sealed record DefinitionChange(ChangeKind Kind, string Element, string? Property, string? Before, string? After, LocalizedText Description);

public static class DefinitionDiff
{
    /// <summary>
    /// Compares two definitions by element id (ids are stable across renames), so renaming a label shows as one
    /// changed property, not as a removed and an added field.
    /// </summary>
    public static IReadOnlyList<DefinitionChange> Compare(ProcedureDefinition before, ProcedureDefinition after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<DefinitionChange>();

        var oldRoot = Strip(before);
        var newRoot = Strip(after);
        CompareProperties(changes, "procedure", oldRoot, newRoot, new("手続", "Procedure"));

        ComparePages(changes, before, after);
        CompareElements(changes, "field", Positions(before), Positions(after), f => Node(f), f => Describe(f));
        CompareElements(
            changes,
            "check",
            before.Checks.Select((c, i) => (c.Id, Position: i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), Item: c)).ToDictionary(x => x.Id, x => (x.Position, x.Item)),
            after.Checks.Select((c, i) => (c.Id, Position: i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), Item: c)).ToDictionary(x => x.Id, x => (x.Position, x.Item)),
            c => JsonSerializer.SerializeToNode(c, ProcedureJson.Options)!.AsObject(),
            c => new LocalizedText($"チェック「{c.Id}」", $"Check \"{c.Id}\""));
        CompareRoutes(changes, before, after);
        return changes;
    }

    /// <summary>The route's settings as one element and each step by id, like fields (a reorder is a move).</summary>
    private static void CompareRoutes(List<DefinitionChange> changes, ProcedureDefinition before, ProcedureDefinition after)
    {
        static JsonObject Settings(ProcedureDefinition d)
        {
            if (d.Route is null)
            {
                return [];
            }

            var node = JsonSerializer.SerializeToNode(d.Route, ProcedureJson.Options)!.AsObject();
            node.Remove("steps");
            return node;
        }

        static Dictionary<string, (string Position, Cases.RouteStep Item)> Steps(ProcedureDefinition d) =>
            (d.Route?.Steps ?? []).Select((s, i) => (s, i)).GroupBy(x => x.s.Id, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (g.First().i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), g.First().s), StringComparer.Ordinal);

        CompareProperties(changes, "route", Settings(before), Settings(after), new("決裁ルート", "Approval route"));
        CompareElements(changes, "step", Steps(before), Steps(after),
            s => JsonSerializer.SerializeToNode(s, ProcedureJson.Options)!.AsObject(),
            s => new LocalizedText($"決裁ルートの段階「{s.Label.Ja}」", $"Route step \"{s.Label.En ?? s.Label.Ja}\""));
    }

    private static void ComparePages(List<DefinitionChange> changes, ProcedureDefinition before, ProcedureDefinition after)
    {
        static Dictionary<string, (string Position, PageDefinition Item)> Index(ProcedureDefinition d) =>
            d.Pages.Select((p, i) => (p, i)).GroupBy(x => x.p.Id, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (g.First().i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), g.First().p), StringComparer.Ordinal);

        CompareElements(changes, "page", Index(before), Index(after), p =>
        {
            var node = JsonSerializer.SerializeToNode(p, ProcedureJson.Options)!.AsObject();
            node.Remove("fields"); // fields are compared on their own
            return node;
        }, p => new LocalizedText($"ページ「{p.Title.Ja}」", $"Page \"{p.Title.En ?? p.Title.Ja}\""));
    }

    /// <summary>Every field with its position: the path of container ids and its index, so moves are visible.</summary>
    private static Dictionary<string, (string Position, FieldDefinition Item)> Positions(ProcedureDefinition d)
    {
        var result = new Dictionary<string, (string, FieldDefinition)>(StringComparer.Ordinal);
        void Walk(IReadOnlyList<FieldDefinition> fields, string parent)
        {
            for (var i = 0; i < fields.Count; i++)
            {
                var f = fields[i];
                result.TryAdd(f.Id, ($"{parent}/{i:D4}", f));
                if (f.Fields is { } children)
                {
                    Walk(children, $"{parent}/{f.Id}");
                }
            }
        }

        foreach (var page in d.Pages)
        {
            Walk(page.Fields, page.Id);
        }

        return result;
    }

    private static void CompareElements<T>(
        List<DefinitionChange> changes,
        string kind,
        Dictionary<string, (string Position, T Item)> before,
        Dictionary<string, (string Position, T Item)> after,
        Func<T, JsonObject> node,
        Func<T, LocalizedText> describe)
    {
        foreach (var (id, (position, item)) in before.OrderBy(kv => kv.Value.Position, StringComparer.Ordinal))
        {
            var name = describe(item);
            if (!after.TryGetValue(id, out var now))
            {
                changes.Add(new(ChangeKind.Removed, $"{kind}:{id}", null, Compact(node(item)), null, new($"{name.Ja}を削除", $"{name.En} removed")));
                continue;
            }

            if (now.Position != position)
            {
                changes.Add(new(ChangeKind.Moved, $"{kind}:{id}", null, position, now.Position, new($"{name.Ja}を移動", $"{name.En} moved")));
            }

            CompareProperties(changes, $"{kind}:{id}", node(item), node(now.Item), describe(now.Item));
        }

        foreach (var (id, (_, item)) in after.Where(kv => !before.ContainsKey(kv.Key)).OrderBy(kv => kv.Value.Position, StringComparer.Ordinal))
        {
            var name = describe(item);
            changes.Add(new(ChangeKind.Added, $"{kind}:{id}", null, null, Compact(node(item)), new($"{name.Ja}を追加", $"{name.En} added")));
        }
    }

    private static void CompareProperties(List<DefinitionChange> changes, string element, JsonObject before, JsonObject after, LocalizedText name)
    {
        foreach (var property in before.Select(p => p.Key).Union(after.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            var old = before[property];
            var now = after[property];
            if (!JsonNode.DeepEquals(old, now))
            {
                changes.Add(new(ChangeKind.Changed, element, property, old is null ? null : Compact(old), now is null ? null : Compact(now),
                    new($"{name.Ja}の「{property}」を変更", $"{name.En}: \"{property}\" changed")));
            }
        }
    }

    private static JsonObject Strip(ProcedureDefinition d)
    {
        var node = JsonSerializer.SerializeToNode(d, ProcedureJson.Options)!.AsObject();
        node.Remove("pages");
        node.Remove("checks");
        node.Remove("route"); // compared step by step
        return node;
    }

    private static JsonObject Node(FieldDefinition f)
    {
        var node = JsonSerializer.SerializeToNode(f, ProcedureJson.Options)!.AsObject();
        node.Remove("fields"); // children are elements of their own
        return node;
    }

    private static LocalizedText Describe(FieldDefinition f)
    {
        var label = f.Label.Ja.Length > 0 ? f.Label : f.Text ?? new LocalizedText(f.Id);
        return new($"項目「{label.Ja}」", $"Field \"{label.En ?? label.Ja}\"");
    }

    private static string Compact(JsonNode node) => node.ToJsonString(ProcedureJson.Options).Replace("\n", "", StringComparison.Ordinal);
}
