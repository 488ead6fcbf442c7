namespace Madoguchi.Core.Expressions;

/// <summary>
/// A node of a parsed expression (see docs/expressions.md). Nodes are immutable; parse once, evaluate many times.
/// Equality is structural and ignores where the node was written (<see cref="Start"/>, <see cref="Length"/>), so
/// <c>parse(print(ast)) == ast</c> holds for every tree the parser can produce.
/// </summary>
public abstract record Expr
{
    /// <summary>Offset of the node's first character in the source text (UTF-16 code units).</summary>
    public int Start { get; init; }

    /// <summary>Length of the node in the source text (UTF-16 code units), parentheses around it included.</summary>
    public int Length { get; init; }

    /// <summary>Structural equality without source positions; derived records add their own components.</summary>
    public virtual bool Equals(Expr? other) => other is not null && EqualityContract == other.EqualityContract;

    public override int GetHashCode() => EqualityContract.GetHashCode();

    /// <summary>The canonical text of the expression (<see cref="ExprPrinter.Print"/>).</summary>
    public sealed override string ToString() => ExprPrinter.Print(this);
}

/// <summary>A number written in the expression: non-negative, below 10^18, at most 10 decimals (a leading minus is <see cref="UnaryOperator.Negate"/>).</summary>
public sealed record NumberLiteral(decimal Value) : Expr;

/// <summary>A text written in quotes.</summary>
public sealed record TextLiteral(string Value) : Expr;

/// <summary><c>true</c> or <c>false</c>.</summary>
public sealed record BoolLiteral(bool Value) : Expr;

/// <summary><c>null</c>: the blank value.</summary>
public sealed record NullLiteral : Expr;

/// <summary>A field id; inside a repeat row the row's own fields come first.</summary>
public sealed record FieldRef(string Name) : Expr;

/// <summary><c>target.member</c>: a part of a composite field, or one column of a repeat group (a list).</summary>
public sealed record MemberAccess(Expr Target, string Member) : Expr;

/// <summary>The prefix operators.</summary>
public enum UnaryOperator
{
    /// <summary><c>-x</c></summary>
    Negate,

    /// <summary><c>not x</c></summary>
    Not,
}

/// <summary>A prefix operator applied to one operand.</summary>
public sealed record UnaryExpr(UnaryOperator Operator, Expr Operand) : Expr;

/// <summary>The infix operators, from the loosest binding to the tightest.</summary>
public enum BinaryOperator
{
    Or,
    And,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Concat,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}

/// <summary>An infix operator applied to two operands.</summary>
public sealed record BinaryExpr(BinaryOperator Operator, Expr Left, Expr Right) : Expr;

/// <summary>
/// A function call. <see cref="Name"/> is the canonical spelling for known functions (<c>ISBLANK</c> becomes
/// <c>isBlank</c>) and the name as written otherwise.
/// </summary>
public sealed record CallExpr(string Name, IReadOnlyList<Expr> Arguments) : Expr
{
    public bool Equals(CallExpr? other) =>
        other is not null && base.Equals(other) && string.Equals(Name, other.Name, StringComparison.Ordinal) && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name, StringComparer.Ordinal);
        foreach (var argument in Arguments)
        {
            hash.Add(argument);
        }

        return hash.ToHashCode();
    }
}
