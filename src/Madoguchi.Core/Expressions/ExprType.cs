using System.Text;

namespace Madoguchi.Core.Expressions;

/// <summary>The kinds of <see cref="ExprType"/>.</summary>
public enum ExprTypeKind
{
    /// <summary>Not known because of an earlier error; accepted everywhere so one mistake is reported once.</summary>
    Unknown,

    /// <summary>The type of the literal <c>null</c>; fits every other type.</summary>
    Null,
    Number,
    Text,
    Bool,
    Date,

    /// <summary>A list of one element type: a repeat group (list of records), a column of one, or a multiple choice (list of text).</summary>
    List,

    /// <summary>A composite field (or one row of a repeat group) with named members.</summary>
    Record,
}

/// <summary>
/// The static type of an expression or a field. Primitive types are singletons; list and record types compare
/// structurally. <see cref="ToString"/> gives the canonical name used in the test vectors:
/// <c>number</c>, <c>text</c>, <c>bool</c>, <c>date</c>, <c>null</c>, <c>unknown</c>, <c>list&lt;T&gt;</c>,
/// <c>record{a: T, b: U}</c> (members in ordinal order).
/// </summary>
public sealed class ExprType : IEquatable<ExprType>
{
    private readonly Dictionary<string, ExprType>? _members;

    private ExprType(ExprTypeKind kind, ExprType? element = null, Dictionary<string, ExprType>? members = null)
    {
        Kind = kind;
        Element = element;
        _members = members;
    }

    public static ExprType Unknown { get; } = new(ExprTypeKind.Unknown);

    public static ExprType Null { get; } = new(ExprTypeKind.Null);

    public static ExprType Number { get; } = new(ExprTypeKind.Number);

    public static ExprType Text { get; } = new(ExprTypeKind.Text);

    public static ExprType Bool { get; } = new(ExprTypeKind.Bool);

    public static ExprType Date { get; } = new(ExprTypeKind.Date);

    public ExprTypeKind Kind { get; }

    /// <summary>The element type of a list; null for other kinds.</summary>
    public ExprType? Element { get; }

    /// <summary>The members of a record; null for other kinds.</summary>
    public IReadOnlyDictionary<string, ExprType>? Members => _members;

    public static ExprType ListOf(ExprType element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return new ExprType(ExprTypeKind.List, element);
    }

    /// <summary>A record type; member names are field ids (case-sensitive).</summary>
    public static ExprType RecordOf(IEnumerable<KeyValuePair<string, ExprType>> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var copy = new Dictionary<string, ExprType>(StringComparer.Ordinal);
        foreach (var (name, type) in members)
        {
            ArgumentNullException.ThrowIfNull(type);
            copy[name] = type;
        }

        return new ExprType(ExprTypeKind.Record, members: copy);
    }

    /// <summary>The type of a record member, or null when this is not a record or has no such member.</summary>
    public ExprType? Member(string name) => _members is not null && _members.TryGetValue(name, out var type) ? type : null;

    public bool Equals(ExprType? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Kind != Kind)
        {
            return false;
        }

        return Kind switch
        {
            ExprTypeKind.List => Element!.Equals(other.Element),
            ExprTypeKind.Record => _members!.Count == other._members!.Count
                && _members.All(m => other._members.TryGetValue(m.Key, out var t) && m.Value.Equals(t)),
            _ => true,
        };
    }

    public override bool Equals(object? obj) => Equals(obj as ExprType);

    public override int GetHashCode() => Kind switch
    {
        ExprTypeKind.List => HashCode.Combine(Kind, Element),
        ExprTypeKind.Record => HashCode.Combine(Kind, _members!.Count),
        _ => Kind.GetHashCode(),
    };

    public override string ToString()
    {
        switch (Kind)
        {
            case ExprTypeKind.List:
                return "list<" + Element + ">";
            case ExprTypeKind.Record:
                var builder = new StringBuilder("record{");
                var first = true;
                foreach (var name in _members!.Keys.Order(StringComparer.Ordinal))
                {
                    builder.Append(first ? "" : ", ").Append(name).Append(": ").Append(_members[name]);
                    first = false;
                }

                return builder.Append('}').ToString();
            default:
                return Name(Kind);
        }
    }

    private static string Name(ExprTypeKind kind) => kind switch
    {
        ExprTypeKind.Unknown => "unknown",
        ExprTypeKind.Null => "null",
        ExprTypeKind.Number => "number",
        ExprTypeKind.Text => "text",
        ExprTypeKind.Bool => "bool",
        _ => "date",
    };
}

/// <summary>What the type checker knows about a form: the type of each field id.</summary>
public interface IExprSchema
{
    /// <summary>The type of a top-level field, or null when there is no such field.</summary>
    ExprType? TypeOf(string fieldId);
}

/// <summary>A schema from a dictionary of field id to type.</summary>
public sealed class ExprSchema : IExprSchema
{
    private readonly Dictionary<string, ExprType> _fields;

    public ExprSchema(IEnumerable<KeyValuePair<string, ExprType>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = new Dictionary<string, ExprType>(StringComparer.Ordinal);
        foreach (var (id, type) in fields)
        {
            _fields[id] = type;
        }
    }

    public static ExprSchema Empty { get; } = new([]);

    public ExprType? TypeOf(string fieldId) => _fields.GetValueOrDefault(fieldId);
}
