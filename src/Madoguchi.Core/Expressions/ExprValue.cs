using System.Globalization;

namespace Madoguchi.Core.Expressions;

/// <summary>
/// A value an expression works on: <see cref="NullValue"/> (blank), <see cref="NumberValue"/>, <see cref="TextValue"/>,
/// <see cref="BoolValue"/>, <see cref="DateValue"/>, <see cref="ListValue"/> or <see cref="RecordValue"/>.
/// Equality is structural. <see cref="ToString"/> gives the canonical text (numbers without trailing zeros,
/// dates as yyyy-mm-dd).
/// </summary>
public abstract record ExprValue
{
    public static NullValue Null { get; } = new();

    public static BoolValue True { get; } = new(true);

    public static BoolValue False { get; } = new(false);

    /// <summary>A number, rounded half away from zero to 10 decimals.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The magnitude is 10^18 or more.</exception>
    public static NumberValue Number(decimal value) =>
        ExprNumber.TryNormalize(value, out var normalized)
            ? new NumberValue(normalized)
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Expression numbers must be below 10^18 in magnitude.");

    public static TextValue Text(string value) => new(value);

    public static BoolValue Bool(bool value) => value ? True : False;

    public static DateValue Date(DateOnly value) => new(value);

    public static ListValue List(IEnumerable<ExprValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new ListValue([.. items]);
    }

    /// <summary>
    /// A record. A record that is a repeat row must hold every member of the group (blank ones as
    /// <see cref="Null"/>): inside the row, exactly its keys shadow the top-level fields.
    /// </summary>
    public static RecordValue Record(IEnumerable<KeyValuePair<string, ExprValue>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var copy = new Dictionary<string, ExprValue>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            copy[name] = value ?? Null;
        }

        return new RecordValue(copy);
    }

    public bool IsNull => this is NullValue;
}

/// <summary>The blank value.</summary>
public sealed record NullValue : ExprValue
{
    internal NullValue()
    {
    }

    public override string ToString() => "null";
}

/// <summary>A decimal number with at most 10 decimals and a magnitude below 10^18 (create with <see cref="ExprValue.Number"/>).</summary>
public sealed record NumberValue : ExprValue
{
    internal NumberValue(decimal value) => Value = value;

    public decimal Value { get; }

    public override string ToString() => ExprNumber.Format(Value);
}

/// <summary>Text, compared ordinally (UTF-16 code units).</summary>
public sealed record TextValue : ExprValue
{
    internal TextValue(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    public string Value { get; }

    public override string ToString() => Value;
}

/// <summary><c>true</c> or <c>false</c> (use <see cref="ExprValue.True"/> and <see cref="ExprValue.False"/>).</summary>
public sealed record BoolValue : ExprValue
{
    internal BoolValue(bool value) => Value = value;

    public bool Value { get; }

    public override string ToString() => Value ? "true" : "false";
}

/// <summary>A calendar date (no time, no time zone).</summary>
public sealed record DateValue : ExprValue
{
    internal DateValue(DateOnly value) => Value = value;

    public DateOnly Value { get; }

    public override string ToString() => Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A list: the rows of a repeat group, one of its columns, or the ticked options of a multiple choice.</summary>
public sealed record ListValue : ExprValue
{
    internal ListValue(IReadOnlyList<ExprValue> items) => Items = items;

    public IReadOnlyList<ExprValue> Items { get; }

    public bool Equals(ListValue? other) => other is not null && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => Items.Count;

    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}

/// <summary>A composite field or one row of a repeat group.</summary>
public sealed record RecordValue : ExprValue
{
    private readonly Dictionary<string, ExprValue> _fields;

    internal RecordValue(Dictionary<string, ExprValue> fields) => _fields = fields;

    public IReadOnlyDictionary<string, ExprValue> Fields => _fields;

    public bool Equals(RecordValue? other) =>
        other is not null && _fields.Count == other._fields.Count
        && _fields.All(f => other._fields.TryGetValue(f.Key, out var v) && f.Value.Equals(v));

    public override int GetHashCode() => _fields.Count;

    public override string ToString() =>
        "{" + string.Join(", ", _fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + ": " + f.Value)) + "}";
}
