using System.Text;

namespace Madoguchi.Core.Expressions;

/// <summary>
/// Prints a tree in canonical form: lower-case keywords, canonical function names, one space around infix operators,
/// <c>, </c> between arguments, texts in single quotes (a quote inside doubled), numbers without trailing zeros,
/// and only the parentheses the precedence rules need. <c>Parse(Print(e))</c> gives a tree equal to <c>e</c>.
/// </summary>
public static class ExprPrinter
{
    private const int Or = 1;
    private const int And = 2;
    private const int Not = 3;
    private const int Comparison = 4;
    private const int Concat = 5;
    private const int Additive = 6;
    private const int Multiplicative = 7;
    private const int Prefix = 8;
    private const int Postfix = 9;

    public static string Print(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var builder = new StringBuilder();
        Write(builder, expr, 0);
        return builder.ToString();
    }

    /// <summary>The canonical spelling of an infix operator.</summary>
    public static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "or",
        BinaryOperator.And => "and",
        BinaryOperator.Equal => "=",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Concat => "&",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        _ => "%",
    };

    /// <summary>A text literal: single quotes, each quote inside doubled.</summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    private static int Level(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => Or,
        BinaryOperator.And => And,
        BinaryOperator.Concat => Concat,
        BinaryOperator.Add or BinaryOperator.Subtract => Additive,
        BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Modulo => Multiplicative,
        _ => Comparison,
    };

    private static void Write(StringBuilder builder, Expr expr, int minLevel)
    {
        var level = expr switch
        {
            BinaryExpr b => Level(b.Operator),
            UnaryExpr { Operator: UnaryOperator.Not } => Not,
            UnaryExpr => Prefix,
            MemberAccess => Postfix,
            _ => int.MaxValue,
        };
        var parenthesize = level < minLevel;
        if (parenthesize)
        {
            builder.Append('(');
        }

        switch (expr)
        {
            case NumberLiteral n:
                builder.Append(ExprNumber.Format(n.Value));
                break;
            case TextLiteral t:
                builder.Append(Quote(t.Value));
                break;
            case BoolLiteral b:
                builder.Append(b.Value ? "true" : "false");
                break;
            case NullLiteral:
                builder.Append("null");
                break;
            case FieldRef f:
                builder.Append(f.Name);
                break;
            case MemberAccess m:
                Write(builder, m.Target, Postfix);
                builder.Append('.').Append(m.Member);
                break;
            case UnaryExpr { Operator: UnaryOperator.Not } u:
                builder.Append("not ");
                Write(builder, u.Operand, Not);
                break;
            case UnaryExpr u:
                builder.Append('-');
                Write(builder, u.Operand, Prefix);
                break;
            case BinaryExpr b:
                var comparison = level == Comparison;
                Write(builder, b.Left, comparison ? Concat : level);
                builder.Append(' ').Append(Symbol(b.Operator)).Append(' ');
                Write(builder, b.Right, comparison ? Concat : level + 1);
                break;
            case CallExpr c:
                builder.Append(c.Name).Append('(');
                for (var i = 0; i < c.Arguments.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    Write(builder, c.Arguments[i], 0);
                }

                builder.Append(')');
                break;
            default:
                throw new ArgumentException("Unknown expression node " + expr.GetType().Name, nameof(expr));
        }

        if (parenthesize)
        {
            builder.Append(')');
        }
    }
}
