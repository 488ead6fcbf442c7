namespace Madoguchi.Core.Expressions;

/// <summary>
/// One field reference in an expression: <see cref="Path"/> is the id, or the id and its members joined with dots
/// (<c>applicant.family</c>, <c>invoices.amount</c>). Inside a repeat row a bare id may mean the row's own field;
/// resolving that needs the row group (see <see cref="CalculationGraph"/>).
/// </summary>
public sealed record ExprReference(string Path, int Start, int Length)
{
    /// <summary>The field id the reference starts from.</summary>
    public string Root => Path.Split('.')[0];
}

/// <summary>Which fields an expression reads, for cycle detection between calculated fields and for the designer.</summary>
public static class ExprDependencies
{
    /// <summary>Every field reference, in the order written (duplicates included, each with its position).</summary>
    public static IReadOnlyList<ExprReference> Of(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var references = new List<ExprReference>();
        Collect(expr, references);
        return references;
    }

    /// <summary>The distinct paths read, in the order first written.</summary>
    public static IReadOnlyList<string> PathsOf(Expr expr) => [.. Of(expr).Select(r => r.Path).Distinct(StringComparer.Ordinal)];

    private static void Collect(Expr expr, List<ExprReference> references)
    {
        switch (expr)
        {
            case FieldRef f:
                references.Add(new ExprReference(f.Name, f.Start, f.Length));
                break;
            case MemberAccess m when PathOf(m) is { } path:
                references.Add(new ExprReference(path, m.Start, m.Length));
                break;
            case MemberAccess m:
                Collect(m.Target, references);
                break;
            case UnaryExpr u:
                Collect(u.Operand, references);
                break;
            case BinaryExpr b:
                Collect(b.Left, references);
                Collect(b.Right, references);
                break;
            case CallExpr c:
                foreach (var argument in c.Arguments)
                {
                    Collect(argument, references);
                }

                break;
        }
    }

    private static string? PathOf(Expr expr) => expr switch
    {
        FieldRef f => f.Name,
        MemberAccess m when PathOf(m.Target) is { } target => target + "." + m.Member,
        _ => null,
    };
}
