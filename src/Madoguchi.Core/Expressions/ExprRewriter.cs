namespace Madoguchi.Core.Expressions;

/// <summary>Rewrites field references in expression text, e.g. when the designer renames a field id.</summary>
public static class ExprRewriter
{
    /// <summary>
    /// Replaces references to <paramref name="oldId"/> with <paramref name="newId"/>: bare ids (<c>invoices</c>) and,
    /// when <paramref name="asMember"/> (the field is a column of a repeat group), member names (<c>invoices.amount</c>).
    /// Returns the expression printed canonically when something changed, otherwise the text as it was (also when the
    /// text does not parse: it is left for the author to fix, and its error stays visible).
    /// </summary>
    public static string RenameField(string text, string oldId, string newId, bool asMember)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(oldId);
        ArgumentNullException.ThrowIfNull(newId);
        if (ExprParser.Parse(text).Ast is not { } ast)
        {
            return text;
        }

        var renamed = Rename(ast, oldId, newId, asMember);
        return renamed.Equals(ast) ? text : ExprPrinter.Print(renamed);
    }

    private static Expr Rename(Expr e, string oldId, string newId, bool asMember) => e switch
    {
        FieldRef f when f.Name == oldId => f with { Name = newId },
        MemberAccess m => m with
        {
            Target = Rename(m.Target, oldId, newId, asMember),
            Member = asMember && m.Member == oldId ? newId : m.Member,
        },
        UnaryExpr u => u with { Operand = Rename(u.Operand, oldId, newId, asMember) },
        BinaryExpr b => b with { Left = Rename(b.Left, oldId, newId, asMember), Right = Rename(b.Right, oldId, newId, asMember) },
        CallExpr c => c with { Arguments = [.. c.Arguments.Select(a => Rename(a, oldId, newId, asMember))] },
        _ => e,
    };
}
