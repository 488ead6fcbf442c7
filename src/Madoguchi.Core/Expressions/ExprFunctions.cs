namespace Madoguchi.Core.Expressions;

/// <summary>The built-in functions: canonical names and argument counts.</summary>
public static class ExprFunctions
{
    private static readonly Dictionary<string, (string Name, int Min, int Max)> _byName = new[]
    {
        ("if", 3, 3), ("min", 1, int.MaxValue), ("max", 1, int.MaxValue), ("sum", 1, int.MaxValue),
        ("avg", 1, int.MaxValue), ("count", 1, 1), ("round", 1, 2), ("floor", 1, 1), ("ceil", 1, 1), ("abs", 1, 1),
        ("len", 1, 1), ("isBlank", 1, 1), ("coalesce", 1, int.MaxValue), ("selected", 2, 2), ("contains", 2, 2),
        ("today", 0, 0), ("date", 1, 3), ("year", 1, 1), ("month", 1, 1), ("day", 1, 1), ("addDays", 2, 2),
        ("addMonths", 2, 2), ("days", 2, 2), ("age", 1, 2),
    }.ToDictionary(f => f.Item1, f => (f.Item1, f.Item2, f.Item3), StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical names of all functions.</summary>
    public static IReadOnlyCollection<string> Names { get; } = [.. _byName.Values.Select(f => f.Name)];

    /// <summary>The canonical spelling of a function name (case-insensitive), or null when there is no such function.</summary>
    public static string? Canonical(string name) => _byName.TryGetValue(name, out var f) ? f.Name : null;

    internal static bool TryGet(string name, out string canonical, out int min, out int max)
    {
        if (_byName.TryGetValue(name, out var f))
        {
            (canonical, min, max) = f;
            return true;
        }

        (canonical, min, max) = (name, 0, 0);
        return false;
    }

    /// <summary>Whether a call with <paramref name="count"/> arguments is allowed (date takes 1 or 3, not 2).</summary>
    internal static bool AcceptsCount(string canonical, int min, int max, int count) =>
        count >= min && count <= max && !(canonical == "date" && count == 2);
}
