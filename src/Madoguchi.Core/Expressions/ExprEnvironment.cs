namespace Madoguchi.Core.Expressions;

/// <summary>The answers an expression reads, by field id.</summary>
public interface IExprValues
{
    /// <summary>The value of a top-level field; <see cref="ExprValue.Null"/> when it is blank or unknown.</summary>
    ExprValue Get(string fieldId);
}

/// <summary>
/// Everything an evaluation reads: the answers, "today" (the caller's date in Japan; Core has no clock) and, for
/// a rule inside a repeat group, the current row. The row's keys are exactly the names that shadow top-level fields,
/// so a row must hold every member of its group (blank ones as <see cref="ExprValue.Null"/>).
/// </summary>
public sealed record ExprEnvironment(IExprValues Values, DateOnly Today, RecordValue? Row = null)
{
    /// <summary>An environment over a dictionary of answers.</summary>
    public static ExprEnvironment From(IReadOnlyDictionary<string, ExprValue> values, DateOnly today, RecordValue? row = null) =>
        new(new DictionaryValues(values ?? throw new ArgumentNullException(nameof(values))), today, row);

    private sealed class DictionaryValues(IReadOnlyDictionary<string, ExprValue> values) : IExprValues
    {
        public ExprValue Get(string fieldId) => values.TryGetValue(fieldId, out var value) && value is not null ? value : ExprValue.Null;
    }
}
