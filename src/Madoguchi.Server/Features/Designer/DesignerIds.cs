using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Server.Features.Designer;

public enum IdProblem
{
    None,

    /// <summary>Not a letter followed by letters, digits or "_" (at most 64).</summary>
    Malformed,

    /// <summary>Already used by another page, field or check of the procedure.</summary>
    Duplicate,
}

/// <summary>
/// Ids of new elements: the type's name and the lowest free number (<c>text1</c>, <c>date2</c>, <c>page3</c>), unique
/// across pages, fields and checks as the format requires. An id is made once, when the element is created, and
/// never follows the label: it is the answer's key, so renaming a label must not change it.
/// </summary>
public static partial class DesignerIds
{
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();

    public static bool IsWellFormed(string? id) => id is not null && IdRegex().IsMatch(id);

    /// <summary>Every page, field (at any depth) and check id in use.</summary>
    public static HashSet<string> Used(ProcedureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in definition.Pages)
        {
            used.Add(page.Id);
            foreach (var field in FieldDefinition.Flatten(page.Fields, intoRepeats: true))
            {
                used.Add(field.Id);
            }
        }

        foreach (var check in definition.Checks)
        {
            used.Add(check.Id);
        }

        return used;
    }

    /// <summary>The prefix with the lowest number ≥ 1 not in <paramref name="used"/>; the id is added to the set.</summary>
    public static string Next(string prefix, ISet<string> used)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(used);
        for (var n = 1; ; n++)
        {
            var id = prefix + n.ToString(CultureInfo.InvariantCulture);
            if (used.Add(id))
            {
                return id;
            }
        }
    }

    /// <summary>The JSON name of the type ("text", "multiChoice", "bankAccount"), used as the prefix of new ids.</summary>
    public static string Prefix(FieldType type) => JsonSerializer.Serialize(type).Trim('"');

    public static string NewFieldId(ProcedureDefinition definition, FieldType type) => Next(Prefix(type), Used(definition));

    public static string NewPageId(ProcedureDefinition definition) => Next("page", Used(definition));

    public static string NewCheckId(ProcedureDefinition definition) => Next("check", Used(definition));

    /// <summary>Whether <paramref name="newId"/> may replace <paramref name="currentId"/> (unchanged is always fine).</summary>
    public static IdProblem CheckRename(ProcedureDefinition definition, string currentId, string newId)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (string.Equals(currentId, newId, StringComparison.Ordinal))
        {
            return IdProblem.None;
        }

        if (!IsWellFormed(newId))
        {
            return IdProblem.Malformed;
        }

        return Used(definition).Contains(newId) ? IdProblem.Duplicate : IdProblem.None;
    }

    /// <summary>
    /// Renames a field and every reference to it: applicantNameField, the fields of checks, and the rule expressions
    /// that read it (rewritten and printed canonically; an expression that does not parse is left as written).
    /// </summary>
    public static ProcedureDefinition RenameField(ProcedureDefinition definition, NodePath path, string newId)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(path);
        var field = DefinitionEditor.GetField(definition, path);
        var oldId = field.Id;
        var renamed = DefinitionEditor.ReplaceField(definition, path, field with { Id = newId });

        // Rules that read the field follow the rename (a column of a repeat is also read as group.column).
        var asMember = definition.Pages.SelectMany(p => FieldDefinition.Flatten(p.Fields, intoRepeats: true))
            .Any(f => f.Type == FieldType.Repeat && f.RowFields.Any(c => c.Id == oldId));
        string? Rewrite(string? text) => text is null ? null : Madoguchi.Core.Expressions.ExprRewriter.RenameField(text, oldId, newId, asMember);
        FieldDefinition RewriteField(FieldDefinition f) => f with
        {
            VisibleWhen = Rewrite(f.VisibleWhen),
            RequiredWhen = Rewrite(f.RequiredWhen),
            Calculate = Rewrite(f.Calculate),
            Fields = f.Fields is { } children ? [.. children.Select(RewriteField)] : null,
        };
        return renamed with
        {
            ApplicantNameField = renamed.ApplicantNameField == oldId ? newId : renamed.ApplicantNameField,
            ApplicantEmailField = renamed.ApplicantEmailField == oldId ? newId : renamed.ApplicantEmailField,
            Pages = [.. renamed.Pages.Select(p => p with
            {
                VisibleWhen = Rewrite(p.VisibleWhen),
                Next = [.. p.Next.Select(b => b with { When = Rewrite(b.When)! })],
                Fields = [.. p.Fields.Select(RewriteField)],
            })],
            Checks = [.. renamed.Checks.Select(c => c with
            {
                Assert = Rewrite(c.Assert)!,
                Fields = [.. c.Fields.Select(f => f == oldId ? newId : f)],
            })],
        };
    }

    /// <summary>Renames a page and the branches that go to it.</summary>
    public static ProcedureDefinition RenamePage(ProcedureDefinition definition, int pageIndex, string newId)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var oldId = definition.Pages[pageIndex].Id;
        var pages = definition.Pages.Select((p, i) =>
        {
            var page = i == pageIndex ? p with { Id = newId } : p;
            return page.Next.Any(b => b.GoTo == oldId)
                ? page with { Next = [.. page.Next.Select(b => b.GoTo == oldId ? b with { GoTo = newId } : b)] }
                : page;
        });
        return definition with { Pages = [.. pages] };
    }

    /// <summary>A deep copy of a field with new ids for it and everything inside it.</summary>
    public static FieldDefinition WithNewIds(FieldDefinition field, ISet<string> used)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(used);
        return field with
        {
            Id = Next(Prefix(field.Type), used),
            Fields = field.Fields is { } children ? [.. children.Select(c => WithNewIds(c, used))] : null,
        };
    }
}
