namespace Madoguchi.Core.Expressions;

/// <summary>Which stage found a problem with an expression.</summary>
public enum ExprErrorKind
{
    /// <summary>The text is not an expression (the parser stops at the first such problem).</summary>
    Parse,

    /// <summary>The expression does not fit the form's fields (unknown field, wrong argument count, type mismatch).</summary>
    Type,
}

/// <summary>
/// A problem with an expression that staff must fix, with its place in the text and a message in Japanese and English.
/// </summary>
/// <param name="Kind">Parse or type problem.</param>
/// <param name="Code">Stable machine code, e.g. <c>unknown-field</c> (docs/expressions.md lists them all).</param>
/// <param name="Start">Offset of the offending text (UTF-16 code units).</param>
/// <param name="Length">Length of the offending text; 0 at the end of the input.</param>
/// <param name="MessageJa">What is wrong, in Japanese.</param>
/// <param name="MessageEn">What is wrong, in English.</param>
public sealed record ExprDiagnostic(ExprErrorKind Kind, string Code, int Start, int Length, string MessageJa, string MessageEn);

/// <summary>
/// Why an evaluation failed (division by zero, a number too large, an invalid date, …). A rule whose expression fails
/// treats its result as null (blank).
/// </summary>
/// <param name="Code">Stable machine code, e.g. <c>division-by-zero</c>.</param>
/// <param name="Start">Offset of the node that failed.</param>
/// <param name="Length">Length of the node that failed.</param>
/// <param name="MessageJa">What went wrong, in Japanese.</param>
/// <param name="MessageEn">What went wrong, in English.</param>
public sealed record ExprEvalError(string Code, int Start, int Length, string MessageJa, string MessageEn);

/// <summary>The outcome of <see cref="ExprEvaluator.Evaluate"/>: a value, or an error with <see cref="Value"/> null (blank).</summary>
public sealed record ExprResult
{
    private ExprResult(ExprValue value, ExprEvalError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value; <see cref="ExprValue.Null"/> when the evaluation failed, which is how rules use a failed expression.</summary>
    public ExprValue Value { get; }

    /// <summary>Why the evaluation failed, or null.</summary>
    public ExprEvalError? Error { get; }

    public bool IsError => Error is not null;

    public static ExprResult Success(ExprValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new ExprResult(value, null);
    }

    public static ExprResult Failure(ExprEvalError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new ExprResult(ExprValue.Null, error);
    }
}
