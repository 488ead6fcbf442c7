using System.Globalization;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Server.Features.Designer;

public enum ProblemTargetKind
{
    Procedure,
    Check,
    Page,
    Field,

    /// <summary>The approval route: a step (<see cref="ProblemTarget.StepIndex"/>) or the route's own settings (-1).</summary>
    Route,
}

/// <summary>
/// The element a problem concerns and the property within it: <c>$.pages[1].fields[0].fields[2].label.ja</c> is the
/// field at path 1.0.2, property <c>label.ja</c>; <c>$.checks[0].assert</c> is check 0, property <c>assert</c>.
/// </summary>
public sealed record ProblemTarget(ProblemTargetKind Kind, NodePath? Path, int CheckIndex, string Property)
{
    /// <summary>For a route problem, the step it concerns (<c>$.route.steps[2].when</c> → 2), or -1 for the route itself.</summary>
    public int StepIndex { get; init; } = -1;

    /// <summary>The first name of the property ("label" for "label.ja", "choices" for "choices[1].value").</summary>
    public string PropertyRoot
    {
        get
        {
            var end = Property.IndexOfAny(['.', '[']);
            return end < 0 ? Property : Property[..end];
        }
    }
}

/// <summary>Maps the parser's JSON paths to designer elements.</summary>
public static class ProblemLocator
{
    public static ProblemTarget Locate(string jsonPath)
    {
        ArgumentNullException.ThrowIfNull(jsonPath);
        var tokens = Tokenize(jsonPath);
        var i = 0;
        if (Name(tokens, 0) == "pages" && Index(tokens, 1) is { } page)
        {
            var indices = new List<int>();
            i = 2;
            while (Name(tokens, i) == "fields" && Index(tokens, i + 1) is { } field)
            {
                indices.Add(field);
                i += 2;
            }

            var path = new NodePath(page, [.. indices]);
            return new ProblemTarget(path.IsPage ? ProblemTargetKind.Page : ProblemTargetKind.Field, path, -1, Join(tokens, i));
        }

        if (Name(tokens, 0) == "route")
        {
            return Name(tokens, 1) == "steps" && Index(tokens, 2) is { } step
                ? new ProblemTarget(ProblemTargetKind.Route, null, -1, Join(tokens, 3)) { StepIndex = step }
                : new ProblemTarget(ProblemTargetKind.Route, null, -1, Join(tokens, 1));
        }

        if (Name(tokens, 0) == "checks" && Index(tokens, 1) is { } check)
        {
            return new ProblemTarget(ProblemTargetKind.Check, null, check, Join(tokens, 2));
        }

        return new ProblemTarget(ProblemTargetKind.Procedure, null, -1, Join(tokens, 0));
    }

    private readonly record struct Token(string? Name, int? Index);

    private static string? Name(List<Token> tokens, int i) => i < tokens.Count ? tokens[i].Name : null;

    private static int? Index(List<Token> tokens, int i) => i < tokens.Count ? tokens[i].Index : null;

    private static string Join(List<Token> tokens, int from)
    {
        var text = new System.Text.StringBuilder();
        for (var i = from; i < tokens.Count; i++)
        {
            if (tokens[i].Index is { } index)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{index}]");
            }
            else
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(tokens[i].Name);
            }
        }

        return text.ToString();
    }

    /// <summary>Reads <c>$</c>, <c>.name</c>, <c>[3]</c> and <c>['odd name']</c> steps; anything unreadable ends the path.</summary>
    private static List<Token> Tokenize(string path)
    {
        var tokens = new List<Token>();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] is not ('.' or '['))
                {
                    end++;
                }

                tokens.Add(new Token(path[(i + 1)..end], null));
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    break;
                }

                tokens.Add(new Token(path[(i + 2)..end].Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal), null));
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    break;
                }

                tokens.Add(new Token(null, index));
                i = end + 1;
            }
            else
            {
                break;
            }
        }

        return tokens;
    }
}

/// <summary>A problem and the element it was mapped to.</summary>
public sealed record LocatedProblem(DefinitionProblem Problem, ProblemTarget Target);

/// <summary>Every problem of the current definition, indexed by element for the outline badges and the panel.</summary>
public sealed class DesignerProblems
{
    public static readonly DesignerProblems None = new([]);

    private readonly Dictionary<NodePath, List<LocatedProblem>> _byNode = [];
    private readonly Dictionary<NodePath, int> _within = [];
    private readonly Dictionary<NodePath, int> _withinHash = [];
    private readonly Dictionary<int, List<LocatedProblem>> _byCheck = [];
    private readonly List<LocatedProblem> _procedure = [];
    private readonly Dictionary<int, List<LocatedProblem>> _byStep = [];
    private readonly List<LocatedProblem> _route = [];

    public DesignerProblems(IEnumerable<DefinitionProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        All = [.. problems.Select(p => new LocatedProblem(p, ProblemLocator.Locate(p.Path)))];
        foreach (var located in All)
        {
            var target = located.Target;
            switch (target.Kind)
            {
                case ProblemTargetKind.Page or ProblemTargetKind.Field:
                    Add(_byNode, target.Path!, located);
                    var hash = HashCode.Combine(StringComparer.Ordinal.GetHashCode(located.Problem.Path), StringComparer.Ordinal.GetHashCode(located.Problem.Code));
                    for (var p = target.Path!; ; p = p.Parent)
                    {
                        _within[p] = _within.GetValueOrDefault(p) + 1;
                        _withinHash[p] = _withinHash.GetValueOrDefault(p) ^ hash;
                        if (p.IsPage)
                        {
                            break;
                        }
                    }

                    break;
                case ProblemTargetKind.Check:
                    Add(_byCheck, target.CheckIndex, located);
                    break;
                case ProblemTargetKind.Route when target.StepIndex >= 0:
                    Add(_byStep, target.StepIndex, located);
                    break;
                case ProblemTargetKind.Route:
                    _route.Add(located);
                    break;
                default:
                    _procedure.Add(located);
                    break;
            }
        }
    }

    private static void Add<TKey>(Dictionary<TKey, List<LocatedProblem>> map, TKey key, LocatedProblem problem)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(problem);
    }

    public IReadOnlyList<LocatedProblem> All { get; }

    public int Count => All.Count;

    /// <summary>Problems of the element itself (a page's title, a field's label…), not of what it contains.</summary>
    public IReadOnlyList<LocatedProblem> For(NodePath path) => _byNode.TryGetValue(path, out var list) ? list : [];

    /// <summary>Problems of one property of the element (by the property's first name: "label", "calculate", "choices").</summary>
    public IEnumerable<LocatedProblem> For(NodePath path, string propertyRoot) =>
        For(path).Where(p => p.Target.PropertyRoot == propertyRoot);

    /// <summary>Problems of the element and everything inside it (for badges on pages and groups).</summary>
    public int CountWithin(NodePath path) => _within.GetValueOrDefault(path);

    /// <summary>Changes whenever the set of problems inside the element changes (lets an outline node skip re-rendering).</summary>
    public int WithinSignature(NodePath path) => _withinHash.GetValueOrDefault(path);

    public IReadOnlyList<LocatedProblem> ForProcedure => _procedure;

    public IEnumerable<LocatedProblem> ForProcedureProperty(string propertyRoot) => _procedure.Where(p => p.Target.PropertyRoot == propertyRoot);

    public IReadOnlyList<LocatedProblem> ForCheck(int index) => _byCheck.TryGetValue(index, out var list) ? list : [];

    public int ChecksCount => _byCheck.Values.Sum(l => l.Count);

    /// <summary>Problems of the route's own settings (outcomes, no steps, no unconditional step).</summary>
    public IReadOnlyList<LocatedProblem> ForRoute => _route;

    /// <summary>Problems of one route step (its kind, people, condition, parties…).</summary>
    public IReadOnlyList<LocatedProblem> ForStep(int index) => _byStep.TryGetValue(index, out var list) ? list : [];

    /// <summary>Problems of one property of a step, by the property's first name ("when", "assignees").</summary>
    public IEnumerable<LocatedProblem> ForStep(int index, string propertyRoot) => ForStep(index).Where(p => p.Target.PropertyRoot == propertyRoot);

    /// <summary>Every route problem, for the badge on the route in the outline.</summary>
    public int RouteCount => _route.Count + _byStep.Values.Sum(l => l.Count);

    /// <summary>What the outline selects when a problem in the summary is chosen.</summary>
    public static DesignerSelection SelectionFor(ProblemTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Kind switch
        {
            ProblemTargetKind.Page or ProblemTargetKind.Field => DesignerSelection.Of(target.Path!),
            ProblemTargetKind.Check => DesignerSelection.Checks,
            ProblemTargetKind.Route => DesignerSelection.RouteStep(target.StepIndex),
            _ when target.PropertyRoot == "documents" => DesignerSelection.Documents,
            _ => DesignerSelection.Procedure,
        };
    }
}
