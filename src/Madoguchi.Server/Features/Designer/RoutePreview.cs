using Madoguchi.Core.Answers;
using Madoguchi.Core.Cases;
using Madoguchi.Core.Expressions;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Server.Features.Designer;

/// <summary>One step of the route and whether it applies to the answers typed into the preview.</summary>
public sealed record PreviewStep(RouteStep Step, bool Applies);

/// <summary>
/// The route preview of the designer: the designer types sample answers for the fields the step conditions read, and
/// sees which steps a case with those answers would go through. The answers go through the same validator as a real
/// application (so "2,000,000" reads as the number and calculations run), then <see cref="RoutePlanner"/> decides.
/// </summary>
public static class RoutePreview
{
    /// <summary>The input fields the steps' conditions read (in form order); calculated fields are followed to what they read.</summary>
    public static IReadOnlyList<FieldDefinition> Inputs(ProcedureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var roots = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in RouteDefinition.Of(definition).Steps)
        {
            if (step.When is { Length: > 0 } when && ExprParser.Parse(when).Ast is { } expr)
            {
                roots.UnionWith(ExprDependencies.Of(expr).Select(r => r.Root));
            }
        }

        var rules = ProcedureRules.For(definition);
        var pending = new Queue<string>(roots);
        var seen = new HashSet<string>(roots, StringComparer.Ordinal);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var id))
        {
            if (definition.FindInputField(id) is not { } field)
            {
                continue;
            }

            if (field.Calculate is { Length: > 0 } calculate && rules.IsCalculated(id))
            {
                if (ExprParser.Parse(calculate).Ast is { } expr)
                {
                    foreach (var root in ExprDependencies.Of(expr).Select(r => r.Root).Where(seen.Add))
                    {
                        pending.Enqueue(root);
                    }
                }

                continue;
            }

            wanted.Add(id);
        }

        return [.. definition.InputFields.Where(f => wanted.Contains(f.Id) && f.Type is not (FieldType.Repeat or FieldType.File))];
    }

    /// <summary>Every step of the route, marked with whether it applies to <paramref name="typed"/> (field id → text as typed).</summary>
    public static IReadOnlyList<PreviewStep> Plan(ProcedureDefinition definition, IReadOnlyDictionary<string, string> typed, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(typed);
        var raw = typed.Where(kv => !string.IsNullOrWhiteSpace(kv.Value))
            .ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)[kv.Value], StringComparer.Ordinal);
        var answers = AnswerValidator.Validate(definition, raw, new Dictionary<string, IReadOnlyList<UploadedFileInfo>>(), today).Answers;
        var route = RouteDefinition.Of(definition);
        var applicable = RoutePlanner.Applicable(route, ProcedureRules.For(definition).EnvironmentFor(answers, today)).ToHashSet<object>(ReferenceEqualityComparer.Instance);
        return [.. route.Steps.Select(s => new PreviewStep(s, applicable.Contains(s)))];
    }
}
