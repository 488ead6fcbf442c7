using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Madoguchi.Core.Expressions;

namespace Madoguchi.Core.Tests.Expressions;

/// <summary>
/// Differential testing between C# and the browser: with MADOGUCHI_EXPR_FUZZ_OUT set to a file path, writes random
/// expressions and answers, with the outcomes C# gives, in the format of tests/vectors/expressions.json. Run them in
/// Chromium with <c>MADOGUCHI_EXPR_VECTORS=&lt;that path&gt; dotnet test tests/Madoguchi.E2E --filter ExpressionVector</c>.
/// Without the variable it writes 300 vectors to a temporary file; either way it reads the file back and checks that
/// every vector gives the outcome written for it, so the file is a faithful record of what C# answers.
/// </summary>
public sealed class RandomVectorWriter
{
    [Fact]
    public void Random_vectors_are_written_and_read_back_with_the_same_outcomes()
    {
        var requested = Environment.GetEnvironmentVariable("MADOGUCHI_EXPR_FUZZ_OUT");
        var path = string.IsNullOrEmpty(requested) ? Path.Combine(Path.GetTempPath(), $"madoguchi-vectors-{Guid.NewGuid():N}.json") : requested;
        var count = int.TryParse(Environment.GetEnvironmentVariable("MADOGUCHI_EXPR_FUZZ_COUNT"), out var n) ? n : string.IsNullOrEmpty(requested) ? 300 : 5000;
        var number = ExprGenerators.Number(signed: true).Select(v => (JsonNode?)JsonValue.Create(ExprValue.Number(v).ToString()));
        var small = Gen.Int[-30, 30].Select(v => (JsonNode?)JsonValue.Create(v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var date = Gen.Int[-700_000, 700_000].Select(d => (JsonNode?)JsonValue.Create(new DateOnly(2000, 2, 29).AddDays(d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        var text = Gen.Char["ab あ𠮷　"].Array[0, 4].Select(c => (JsonNode?)JsonValue.Create(new string(c)));
        JsonNode? Maybe(JsonNode? value, int roll) => roll < 2 ? null : value;
        var typed = ExprGenerators.WellTyped(4);
        var trees = Gen.Frequency((1, ExprGenerators.Tree(3)), (2, typed[0]), (1, typed[1]), (1, typed[2]), (1, typed[3]));
        var cases = Gen.Select(trees, Gen.Select(Gen.Frequency((1, number), (3, small)), Gen.Frequency((1, number), (3, small)), date, text, Gen.Int[0, 9]),
            Gen.Select(Gen.Frequency((1, number), (3, small)), Gen.Bool, Gen.Int[0, 9], Gen.Int[0, 9], Gen.Int[0, 3]),
            (ast, v1, v2) =>
            {
                var (a, b, birth, name, roll) = v1;
                var (amount, agreed, roll2, roll3, rows) = v2;
                var inputs = new JsonObject
                {
                    ["a"] = Maybe(a, roll),
                    ["b"] = Maybe(b, roll2),
                    ["income"] = Maybe(b?.DeepClone(), roll3),
                    ["name"] = Maybe(name, roll2),
                    ["agreed"] = Maybe(JsonValue.Create(agreed), roll),
                    ["birth"] = Maybe(birth, roll3),
                    ["options"] = roll < 5 ? new JsonArray("a", "b") : new JsonArray(),
                    ["applicant"] = new JsonObject { ["family"] = name?.DeepClone(), ["birth"] = birth?.DeepClone() },
                    ["invoices"] = new JsonArray([.. Enumerable.Range(0, rows).Select(i => (JsonNode)new JsonObject { ["amount"] = i == 1 ? null : amount?.DeepClone(), ["tax"] = a?.DeepClone() })]),
                };
                var vector = new JsonObject { ["expr"] = ExprPrinter.Print(ast), ["inputs"] = inputs };
                if (rows > 0 && roll3 < 4)
                {
                    vector["row"] = new JsonObject { ["group"] = "invoices", ["index"] = 0 };
                }

                return vector;
            });

        var output = new JsonArray();
        var i = 0;
        cases.Sample(vector =>
        {
            if (((string)vector["expr"]!).Length > ExprParser.MaxLength)
            {
                return;
            }

            vector["name"] = "random " + i++;
            using var document = JsonDocument.Parse(vector.ToJsonString());
            var outcome = ExpressionVectors.Run(document.RootElement, out _);
            vector["expect"] = outcome;
            output.Add(vector);
        }, iter: count, threads: 1);

        var file = new JsonObject
        {
            ["format"] = 1,
            ["description"] = "Random vectors written by RandomVectorWriter (C# outcomes).",
            ["today"] = ExpressionVectors.Root.GetProperty("today").GetString(),
            ["schema"] = JsonNode.Parse(ExpressionVectors.Root.GetProperty("schema").GetRawText()),
            ["cases"] = output,
        };
        File.WriteAllText(path, file.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        try
        {
            using var written = JsonDocument.Parse(File.ReadAllText(path));
            var readBack = written.RootElement.GetProperty("cases");
            Assert.True(readBack.GetArrayLength() > count / 2, $"only {readBack.GetArrayLength()} of {count} vectors were written");
            foreach (var vector in readBack.EnumerateArray())
            {
                var again = ExpressionVectors.Run(vector, out _);
                Assert.Null(ExpressionVectors.Compare(vector, again));
            }
        }
        finally
        {
            if (string.IsNullOrEmpty(requested))
            {
                File.Delete(path);
            }
        }
    }
}
