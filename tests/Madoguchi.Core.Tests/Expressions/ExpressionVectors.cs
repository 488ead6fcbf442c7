using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Expressions;
using Madoguchi.Core.Tests.Procedures;

namespace Madoguchi.Core.Tests.Expressions;

/// <summary>
/// The shared vectors of tests/vectors/expressions.json and how one case is run on the server side. The browser
/// runs the same cases (tests/Madoguchi.E2E/ExpressionVectorTests.cs) and must give the same outcomes.
/// </summary>
internal static class ExpressionVectors
{
    private static readonly Lazy<JsonDocument> _document = new(() =>
        JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("tests", "vectors", "expressions.json"))));

    public static JsonElement Root => _document.Value.RootElement;

    public static IEnumerable<JsonElement> Cases => Root.GetProperty("cases").EnumerateArray();

    public static JsonElement Case(string name) => Cases.Single(c => c.GetProperty("name").GetString() == name);

    /// <summary>The outcome of one case in the vectors' own shape: {value, type} or {error, code, start, length}.</summary>
    public static JsonObject Run(JsonElement vector, out Expr? ast)
    {
        ast = null;
        var parsed = ExprParser.Parse(vector.GetProperty("expr").GetString()!);
        if (!parsed.Success)
        {
            var e = parsed.Errors[0];
            return Error("parse", e.Code, e.Start, e.Length, e.MessageJa, e.MessageEn);
        }

        ast = parsed.Ast!;
        var types = SchemaTypes(vector);
        var schema = new ExprSchema(types);
        string? rowGroup = vector.TryGetProperty("row", out var row) ? row.GetProperty("group").GetString() : null;
        var checkedType = ExprTypeChecker.Check(ast, schema, rowGroup);
        if (!checkedType.Success)
        {
            var e = checkedType.Errors[0];
            return Error("type", e.Code, e.Start, e.Length, e.MessageJa, e.MessageEn);
        }

        var today = DateOnly.ParseExact(Root.GetProperty("today").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var values = new Dictionary<string, ExprValue>(StringComparer.Ordinal);
        if (vector.TryGetProperty("inputs", out var inputs))
        {
            foreach (var input in inputs.EnumerateObject())
            {
                if (input.Name == "$today")
                {
                    today = DateOnly.ParseExact(input.Value.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    continue;
                }

                values[input.Name] = ExprJson.FromJson(input.Value, types[input.Name]);
            }
        }

        RecordValue? current = null;
        if (rowGroup is not null)
        {
            var rows = (ListValue)values[rowGroup];
            current = (RecordValue)rows.Items[row.GetProperty("index").GetInt32()];
        }

        var result = ExprEvaluator.Evaluate(ast, ExprEnvironment.From(values, today, current));
        if (result.Error is { } error)
        {
            return Error("eval", error.Code, error.Start, error.Length, error.MessageJa, error.MessageEn);
        }

        return new JsonObject { ["value"] = ExprJson.ToJson(result.Value), ["type"] = checkedType.Type.ToString() };
    }

    /// <summary>The differences between an outcome and a case's "expect" (only the members the case gives), or null.</summary>
    public static string? Compare(JsonElement vector, JsonNode actual)
    {
        var expect = vector.GetProperty("expect");
        var problems = new List<string>();
        foreach (var member in expect.EnumerateObject())
        {
            var wanted = JsonNode.Parse(member.Value.GetRawText());
            var got = actual[member.Name];
            if (!JsonNode.DeepEquals(wanted, got))
            {
                problems.Add($"{member.Name}: expected {wanted?.ToJsonString() ?? "null"}, got {got?.ToJsonString() ?? "null"}");
            }
        }

        if (!expect.TryGetProperty("error", out _) && actual["error"] is { } kind)
        {
            problems.Add($"unexpected {kind} error {actual["code"]} at {actual["start"]}+{actual["length"]}");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    public static Dictionary<string, ExprType> SchemaTypes(JsonElement vector)
    {
        var types = new Dictionary<string, ExprType>(StringComparer.Ordinal);
        foreach (var field in Root.GetProperty("schema").EnumerateObject())
        {
            types[field.Name] = ExprJson.ParseType(field.Value);
        }

        if (vector.TryGetProperty("schema", out var extra))
        {
            foreach (var field in extra.EnumerateObject())
            {
                types[field.Name] = ExprJson.ParseType(field.Value);
            }
        }

        return types;
    }

    /// <summary>An error outcome; the messages are compared only where a case gives them (random vectors do).</summary>
    private static JsonObject Error(string kind, string code, int start, int length, string ja, string en) =>
        new() { ["error"] = kind, ["code"] = code, ["start"] = start, ["length"] = length, ["ja"] = ja, ["en"] = en };
}
