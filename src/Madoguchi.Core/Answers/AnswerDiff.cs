using System.Globalization;
using System.Text.Json.Nodes;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Answers;

/// <summary>How one answer differs between two versions of an application's answers.</summary>
public enum AnswerChangeKind
{
    /// <summary>Blank before, answered now.</summary>
    Added,

    /// <summary>Answered before, blank now.</summary>
    Removed,

    /// <summary>Answered in both, differently.</summary>
    Changed,
}

/// <summary>
/// One changed answer: the field (top-level, in form order) and, for composite fields and repeat groups, which parts
/// changed ("family", "[1].amount", "[2]" for a whole row added or removed).
/// </summary>
public sealed record AnswerChange(FieldDefinition Field, AnswerChangeKind Kind, IReadOnlyList<string> Parts);

/// <summary>
/// The field-level difference between two versions of an application's answers (canonical answers as stored, so
/// "０３" and "03" never differ here: both were normalised on the way in). Used to show staff what a correction
/// (補正) changed.
/// </summary>
public static class AnswerDiff
{
    public static IReadOnlyList<AnswerChange> Compare(ProcedureDefinition definition, JsonObject before, JsonObject after)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<AnswerChange>();
        foreach (var field in definition.InputFields)
        {
            var old = Present(before, field.Id);
            var now = Present(after, field.Id);
            if (old is null && now is null)
            {
                continue;
            }

            if (old is null || now is null)
            {
                changes.Add(new AnswerChange(field, old is null ? AnswerChangeKind.Added : AnswerChangeKind.Removed, []));
                continue;
            }

            if (JsonNode.DeepEquals(old, now))
            {
                continue;
            }

            changes.Add(new AnswerChange(field, AnswerChangeKind.Changed, Parts(field, old, now)));
        }

        return changes;
    }

    private static JsonNode? Present(JsonObject answers, string id) =>
        answers.TryGetPropertyValue(id, out var node) && node is not null && !(node is JsonArray { Count: 0 }) ? node : null;

    private static List<string> Parts(FieldDefinition field, JsonNode old, JsonNode now)
    {
        var parts = new List<string>();
        if (old is JsonObject oldObject && now is JsonObject newObject && field.Type.IsComposite())
        {
            foreach (var part in oldObject.Select(p => p.Key).Union(newObject.Select(p => p.Key), StringComparer.Ordinal))
            {
                if (!JsonNode.DeepEquals(oldObject[part], newObject[part]))
                {
                    parts.Add(part);
                }
            }
        }
        else if (old is JsonArray oldRows && now is JsonArray newRows && field.Type == FieldType.Repeat)
        {
            for (var row = 0; row < Math.Max(oldRows.Count, newRows.Count); row++)
            {
                var label = string.Create(CultureInfo.InvariantCulture, $"[{row}]");
                if (row >= oldRows.Count || row >= newRows.Count)
                {
                    parts.Add(label);
                    continue;
                }

                var oldRow = oldRows[row] as JsonObject ?? [];
                var newRow = newRows[row] as JsonObject ?? [];
                foreach (var column in field.RowFields)
                {
                    if (!JsonNode.DeepEquals(oldRow[column.Id], newRow[column.Id]))
                    {
                        parts.Add(label + "." + column.Id);
                    }
                }
            }
        }

        return parts;
    }
}
