using System.Globalization;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Server.Features.Designer;

/// <summary>One rule expression in a definition: where it is (a JSON path, as the parser reports) and its text.</summary>
/// <param name="JsonPath">E.g. <c>$.pages[1].fields[3].calculate</c> or <c>$.checks[0].assert</c>.</param>
/// <param name="Expression">The text as the author wrote it.</param>
/// <param name="Repeat">Id of the repeat group the expression belongs to (its columns are in scope), or null.</param>
public sealed record ExpressionSite(string JsonPath, string Expression, string? Repeat);

/// <summary>
/// Checks the definition being designed. The parser is the authority (the designer shows exactly what an import or a
/// publish would refuse); <see cref="CheckExpression"/> is the one place where rule expressions are checked beyond it.
/// </summary>
public static class DesignerValidator
{
    public static DesignerProblems Validate(ProcedureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var parsed = ProcedureDefinitionParser.Parse(ProcedureJson.Serialize(definition));
        var problems = parsed.Problems.ToList();
        var reported = problems.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var site in Expressions(definition))
        {
            if (!reported.Contains(site.JsonPath) && CheckExpression(site, definition) is { } problem)
            {
                problems.Add(problem);
            }
        }

        return new DesignerProblems(problems);
    }

    /// <summary>
    /// A last-resort check of one expression's brackets and quotes. The parser (through ProcedureRules) now checks
    /// every expression fully — syntax, field names in scope, types, calculation cycles — at the expression's JSON
    /// path, and <see cref="Validate"/> calls this only where the parser reported nothing, so in practice it finds
    /// nothing; it stays as a guard for expressions the parser cannot place (e.g. in a structurally broken draft).
    /// </summary>
    public static DefinitionProblem? CheckExpression(ExpressionSite site, ProcedureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(definition);
        var depth = 0;
        char? quote = null;
        foreach (var c in site.Expression)
        {
            if (quote is { } open)
            {
                if (c == open)
                {
                    quote = null;
                }

                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    if (depth < 0)
                    {
                        return Problem(site, "「)」が多すぎます", "there is a \")\" without a matching \"(\"");
                    }

                    break;
                default:
                    break;
            }
        }

        if (quote is not null)
        {
            return Problem(site, "引用符（' または \"）が閉じていません", "a quote (' or \") is not closed");
        }

        return depth > 0 ? Problem(site, "「(」が閉じていません", "a \"(\" is not closed") : null;
    }

    private static DefinitionProblem Problem(ExpressionSite site, string ja, string en) =>
        new(site.JsonPath, "invalidExpression", new LocalizedText($"式「{site.Expression}」：{ja}。", $"Expression \"{site.Expression}\": {en}."));

    /// <summary>Every expression of the definition with its JSON path, in document order.</summary>
    public static IEnumerable<ExpressionSite> Expressions(ProcedureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        for (var p = 0; p < definition.Pages.Count; p++)
        {
            var page = definition.Pages[p];
            var pagePath = JsonPath(NodePath.ForPage(p));
            if (page.VisibleWhen is { } visible)
            {
                yield return new ExpressionSite(pagePath + ".visibleWhen", visible, null);
            }

            for (var b = 0; b < page.Next.Count; b++)
            {
                yield return new ExpressionSite(string.Create(CultureInfo.InvariantCulture, $"{pagePath}.next[{b}].when"), page.Next[b].When, null);
            }

            foreach (var site in FieldExpressions(page.Fields, NodePath.ForPage(p), null))
            {
                yield return site;
            }
        }

        for (var c = 0; c < definition.Checks.Count; c++)
        {
            yield return new ExpressionSite(string.Create(CultureInfo.InvariantCulture, $"$.checks[{c}].assert"), definition.Checks[c].Assert, null);
        }
    }

    private static IEnumerable<ExpressionSite> FieldExpressions(IReadOnlyList<FieldDefinition> fields, NodePath holder, string? repeat)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var path = holder.Child(i);
            var json = JsonPath(path);
            foreach (var (name, text) in new[] { ("visibleWhen", field.VisibleWhen), ("requiredWhen", field.RequiredWhen), ("calculate", field.Calculate) })
            {
                if (text is not null)
                {
                    yield return new ExpressionSite($"{json}.{name}", text, repeat);
                }
            }

            if (field.Fields is { } children)
            {
                foreach (var site in FieldExpressions(children, path, field.Type == FieldType.Repeat ? field.Id : repeat))
                {
                    yield return site;
                }
            }
        }
    }

    /// <summary>The parser's JSON path of an element: <c>$.pages[1]</c>, <c>$.pages[1].fields[0].fields[2]</c>.</summary>
    public static string JsonPath(NodePath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"$.pages[{path.Page}]");
        foreach (var index in path.Indices)
        {
            text.Append(CultureInfo.InvariantCulture, $".fields[{index}]");
        }

        return text.ToString();
    }
}
