using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Madoguchi.E2E;

/// <summary>
/// Runs every case of tests/vectors/expressions.json through wwwroot/js/expressions.js in Debian's Chromium and
/// checks that the browser gives exactly the outcome the vectors (and so the C# implementation) give. The script
/// is loaded as a plain <c>&lt;script defer src&gt;</c> from a page served with a strict Content-Security-Policy
/// (no inline script, no eval), as the portal will load it. The Madoguchi server is not needed and not started.
/// </summary>
public sealed class ExpressionVectorTests(ExpressionBrowser browser) : IClassFixture<ExpressionBrowser>
{
    private const string Origin = "http://expressions.madoguchi.test";

    private const string Csp = "default-src 'none'; script-src 'self'; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// Runs in the page: every case through parse, print, check and evaluate, in the vectors' own shape. Kept in
    /// step with Madoguchi.Core.Tests/Expressions/ExpressionVectors.Run.
    /// </summary>
    public const string Runner = """
        (vectorsText) => {
          const E = window.MadoguchiExpr;
          const file = JSON.parse(vectorsText);
          const strip = (ast) => JSON.stringify(ast, (k, v) => k === 'start' || k === 'length' ? undefined : typeof v === 'bigint' ? v.toString() : v);
          return JSON.stringify(file.cases.map((v) => {
            const out = { name: v.name };
            try {
              const parsed = E.parse(v.expr);
              if (parsed.errors.length > 0) {
                const e = parsed.errors[0];
                return Object.assign(out, { error: 'parse', code: e.code, start: e.start, length: e.length, ja: e.ja, en: e.en });
              }
              out.print = E.print(parsed.ast);
              const again = E.parse(out.print);
              out.roundTrip = again.errors.length === 0 && strip(again.ast) === strip(parsed.ast);
              const schema = Object.assign({}, file.schema, v.schema || {});
              const group = v.row ? v.row.group : null;
              const checked = E.check(parsed.ast, schema, group);
              if (checked.errors.length > 0) {
                const e = checked.errors[0];
                return Object.assign(out, { error: 'type', code: e.code, start: e.start, length: e.length, ja: e.ja, en: e.en });
              }
              const values = new Map();
              let today = file.today;
              for (const [id, json] of Object.entries(v.inputs || {})) {
                if (id === '$today') { today = json; } else { values.set(id, E.fromJson(json, schema[id])); }
              }
              const row = group ? values.get(group)[v.row.index] : null;
              const result = E.evaluate(parsed.ast, { values: values, today: today, row: row });
              if (result.error) {
                const e = result.error;
                return Object.assign(out, { error: 'eval', code: e.code, start: e.start, length: e.length, ja: e.ja, en: e.en });
              }
              return Object.assign(out, { value: E.toJson(result.value), type: checked.typeName });
            } catch (e) {
              return Object.assign(out, { exception: String((e && e.stack) || e) });
            }
          }));
        }
        """;

    [Fact]
    public async Task Every_expression_vector_gives_the_same_outcome_in_the_browser()
    {
        var root = ExpressionBrowser.RepositoryRoot();
        // MADOGUCHI_EXPR_VECTORS may name another file of the same format (e.g. random vectors from RandomVectorWriter).
        var vectorsPath = Environment.GetEnvironmentVariable("MADOGUCHI_EXPR_VECTORS") is { Length: > 0 } other
            ? other
            : Path.Combine(root, "tests", "vectors", "expressions.json");
        var vectorsText = await File.ReadAllTextAsync(vectorsPath);
        var script = await File.ReadAllTextAsync(Path.Combine(root, "src", "Madoguchi.Server", "wwwroot", "js", "expressions.js"));

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "ja-JP", TimezoneId = "Asia/Tokyo" });
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                violations.Add(message.Text);
            }
        };
        page.PageError += (_, error) => violations.Add(error);
        await page.RouteAsync(Origin + "/**", route => route.Request.Url.EndsWith("/expressions.js", StringComparison.Ordinal)
            ? route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/javascript; charset=utf-8", Body = script })
            : route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 200,
                ContentType = "text/html; charset=utf-8",
                Headers = new Dictionary<string, string> { ["Content-Security-Policy"] = Csp },
                Body = """<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>式</title><script defer src="/js/expressions.js"></script></head><body></body></html>""",
            }));
        await page.GotoAsync(Origin + "/");
        try
        {
            await page.WaitForFunctionAsync("() => !!window.MadoguchiExpr", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("expressions.js did not define window.MadoguchiExpr under the page's CSP: " + string.Join("\n", violations));
        }

        var results = JsonNode.Parse(await page.EvaluateAsync<string>(Runner, vectorsText))!.AsArray();
        using var vectors = JsonDocument.Parse(vectorsText);
        var cases = vectors.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(cases.Count, results.Count);

        var mismatches = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            var vector = cases[i];
            var actual = results[i]!;
            var name = vector.GetProperty("name").GetString();
            var expr = vector.GetProperty("expr").GetString();
            if (actual["exception"] is { } exception)
            {
                mismatches.Add($"[{name}] {expr}: threw {exception}");
                continue;
            }

            foreach (var problem in Compare(vector, actual))
            {
                mismatches.Add($"[{name}] {expr}: {problem}");
            }
        }

        Assert.Empty(violations);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {cases.Count} vectors differ in the browser:\n" + string.Join("\n", mismatches.Take(200)));
    }

    /// <summary>What differs from the case's expectation, its canonical print and the print/parse round trip.</summary>
    private static IEnumerable<string> Compare(JsonElement vector, JsonNode actual)
    {
        var expect = vector.GetProperty("expect");
        foreach (var member in expect.EnumerateObject())
        {
            var wanted = JsonNode.Parse(member.Value.GetRawText());
            if (!JsonNode.DeepEquals(wanted, actual[member.Name]))
            {
                yield return $"{member.Name}: expected {wanted?.ToJsonString() ?? "null"}, got {actual[member.Name]?.ToJsonString() ?? "null"}";
            }
        }

        if (!expect.TryGetProperty("error", out _) && actual["error"] is { } kind)
        {
            yield return $"unexpected {kind} error {actual["code"]} at {actual["start"]}+{actual["length"]}: {actual["en"]}";
        }

        if (actual["error"] is not null && (string.IsNullOrEmpty((string?)actual["ja"]) || string.IsNullOrEmpty((string?)actual["en"])))
        {
            yield return "the error has no Japanese or no English message";
        }

        if (vector.TryGetProperty("print", out var print) && actual["print"] is { } printed && (string?)printed != print.GetString())
        {
            yield return $"print: expected {print.GetString()}, got {printed}";
        }

        if (actual["roundTrip"] is { } roundTrip && !(bool)roundTrip)
        {
            yield return $"parse(print(ast)) differs from ast (printed {actual["print"]})";
        }
    }
}

/// <summary>Debian's headless Chromium for the expression tests, without the Madoguchi server.</summary>
public sealed class ExpressionBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>The folder holding Madoguchi.slnx above the test output.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Madoguchi.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No Madoguchi.slnx above " + AppContext.BaseDirectory);
    }
}
