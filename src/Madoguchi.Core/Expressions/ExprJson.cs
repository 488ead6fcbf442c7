using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Madoguchi.Core.Expressions;

/// <summary>
/// JSON forms of types and values, shared with the browser script and the test vectors.
/// A type is <c>"number"</c>, <c>"text"</c>, <c>"bool"</c> or <c>"date"</c>; <c>[T]</c> is a list of T;
/// <c>{"a": T, …}</c> is a record. A value is canonical JSON: numbers as strings (<c>"0.6666666667"</c>), dates as
/// <c>"yyyy-mm-dd"</c>, lists as arrays, records as objects, blank as null.
/// </summary>
public static class ExprJson
{
    public static ExprType ParseType(JsonElement json)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                return json.GetString() switch
                {
                    "number" => ExprType.Number,
                    "text" => ExprType.Text,
                    "bool" => ExprType.Bool,
                    "date" => ExprType.Date,
                    var other => throw new FormatException($"Unknown type '{other}'."),
                };
            case JsonValueKind.Array when json.GetArrayLength() == 1:
                return ExprType.ListOf(ParseType(json[0]));
            case JsonValueKind.Object:
                return ExprType.RecordOf(json.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, ParseType(p.Value))));
            default:
                throw new FormatException("A type is a name, [T] or an object of member types.");
        }
    }

    /// <summary>A schema from a JSON object of field id to type.</summary>
    public static ExprSchema ParseSchema(JsonElement json) =>
        new(json.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, ParseType(p.Value))));

    /// <summary>
    /// A value of <paramref name="type"/> from JSON. Numbers may be JSON numbers or strings; a record gets every member
    /// of its type (missing ones blank), which is what a repeat row needs.
    /// </summary>
    public static ExprValue FromJson(JsonElement json, ExprType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return ExprValue.Null;
        }

        switch (type.Kind)
        {
            case ExprTypeKind.Number:
                var text = json.ValueKind == JsonValueKind.Number ? json.GetRawText() : json.GetString()!;
                return ExprValue.Number(decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
            case ExprTypeKind.Text:
                return ExprValue.Text(json.GetString()!);
            case ExprTypeKind.Bool:
                return ExprValue.Bool(json.GetBoolean());
            case ExprTypeKind.Date:
                return ExprValue.Date(DateOnly.ParseExact(json.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture));
            case ExprTypeKind.List:
                return ExprValue.List(json.EnumerateArray().Select(item => FromJson(item, type.Element!)));
            case ExprTypeKind.Record:
                return ExprValue.Record(type.Members!.Select(m => KeyValuePair.Create(
                    m.Key, json.TryGetProperty(m.Key, out var member) ? FromJson(member, m.Value) : ExprValue.Null)));
            default:
                throw new ArgumentException($"No JSON form for type {type}.", nameof(type));
        }
    }

    /// <summary>The canonical JSON of a value (null for blank).</summary>
    public static JsonNode? ToJson(ExprValue value) => value switch
    {
        null or NullValue => null,
        NumberValue or DateValue or TextValue => JsonValue.Create(value.ToString()),
        BoolValue b => JsonValue.Create(b.Value),
        ListValue list => new JsonArray([.. list.Items.Select(ToJson)]),
        RecordValue record => new JsonObject(record.Fields.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => KeyValuePair.Create(f.Key, ToJson(f.Value)))),
        _ => throw new ArgumentException("Unknown value " + value.GetType().Name, nameof(value)),
    };
}
