using System.Text.Json;
using Madoguchi.Core.Expressions;

namespace Madoguchi.Core.Tests.Expressions;

public sealed class ExpressionVectorTests
{
    private static readonly string[] _errorKinds = ["parse", "type", "eval"];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var vector in ExpressionVectors.Cases)
        {
            data.Add(vector.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Vector_gives_the_expected_outcome(string name)
    {
        var vector = ExpressionVectors.Case(name);
        var actual = ExpressionVectors.Run(vector, out var ast);

        if (ExpressionVectors.Compare(vector, actual) is { } problem)
        {
            Assert.Fail($"{vector.GetProperty("expr").GetString()}: {problem}");
        }

        if (ast is null)
        {
            return;
        }

        var printed = ExprPrinter.Print(ast);
        if (vector.TryGetProperty("print", out var print))
        {
            Assert.Equal(print.GetString(), printed);
        }

        var reparsed = ExprParser.Parse(printed);
        Assert.True(reparsed.Success, $"The canonical form '{printed}' does not parse: {(reparsed.Errors.Count > 0 ? reparsed.Errors[0] : null)}");
        Assert.Equal(ast, reparsed.Ast);
    }

    [Fact]
    public void Vector_file_has_enough_unique_cases_with_expectations()
    {
        var names = ExpressionVectors.Cases.Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.True(names.Count >= 180, $"only {names.Count} vectors");
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        foreach (var vector in ExpressionVectors.Cases)
        {
            var expect = vector.GetProperty("expect");
            Assert.True(expect.TryGetProperty("value", out _) ? expect.TryGetProperty("type", out _) : expect.TryGetProperty("code", out _),
                $"{vector.GetProperty("name")}: expect needs value and type, or error and code");
            if (expect.TryGetProperty("error", out var kind))
            {
                Assert.Contains(kind.GetString(), _errorKinds);
            }
        }
    }

    [Fact]
    public void Every_error_code_and_every_function_is_covered_by_a_vector()
    {
        var expressions = string.Join("\n", ExpressionVectors.Cases.Select(c => c.GetProperty("expr").GetString()));
        foreach (var function in ExprFunctions.Names)
        {
            Assert.Contains(function + "(", expressions, StringComparison.OrdinalIgnoreCase);
        }

        var codes = ExpressionVectors.Cases
            .Select(c => c.GetProperty("expect"))
            .Where(e => e.TryGetProperty("code", out _))
            .Select(e => e.GetProperty("code").GetString())
            .ToHashSet();
        string[] expected =
        [
            "empty", "too-long", "too-deep", "unexpected-char", "unclosed-text", "number-too-large", "number-too-precise",
            "unexpected-end", "unexpected-token", "unclosed-paren", "expected-name", "chained-comparison", "wrong-arity",
            "unknown-field", "unknown-member", "unknown-function", "type-mismatch", "invalid-date",
            "division-by-zero", "invalid-argument", "date-out-of-range",
        ];
        Assert.Empty(expected.Except(codes));
    }
}
