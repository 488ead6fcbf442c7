using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Madoguchi.Core.Expressions;

namespace Madoguchi.Core.Procedures;

/// <summary>
/// The rules of one definition, parsed and type-checked once: visibility, required-when, calculations, cross-field
/// checks and page branches. <see cref="For"/> caches per definition instance (definitions are immutable).
/// Problems carry the JSON path of the expression, so the importer and the designer show them where they belong.
/// </summary>
public sealed class ProcedureRules
{
    private static readonly ConditionalWeakTable<ProcedureDefinition, ProcedureRules> Cache = new();

    private readonly Dictionary<string, Expr> _visible = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Expr> _required = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Expr> _calculate = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Expr> _pageVisible = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<(PageBranch Branch, Expr? When)>> _branches = new(StringComparer.Ordinal);
    private readonly List<(CheckRule Check, Expr Assert)> _checks = [];
    private readonly Dictionary<string, IReadOnlyList<string>> _checkInputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _rowGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _sections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _pageOf = new(StringComparer.Ordinal);
    private readonly List<DefinitionProblem> _problems = [];

    private ProcedureRules(ProcedureDefinition definition)
    {
        Definition = definition;
        Schema = BuildSchema(definition);
        Compile();
    }

    public ProcedureDefinition Definition { get; }

    /// <summary>The type of every top-level answer, as the expression language sees it.</summary>
    public IExprSchema Schema { get; }

    /// <summary>Expression problems (syntax, unknown fields, type mismatches, calculation cycles) with their JSON paths.</summary>
    public IReadOnlyList<DefinitionProblem> Problems => _problems;

    /// <summary>Calculated fields in an order where each comes after everything it reads.</summary>
    public IReadOnlyList<string> CalculationOrder { get; private set; } = [];

    public IReadOnlyList<(CheckRule Check, Expr Assert)> Checks => _checks;

    /// <summary>Whether any rule exists at all (most procedures have none; then nothing needs evaluating).</summary>
    public bool HasRules => _visible.Count + _required.Count + _calculate.Count + _pageVisible.Count + _branches.Count + _checks.Count > 0;

    public static ProcedureRules For(ProcedureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Cache.GetValue(definition, static d => new ProcedureRules(d));
    }

    public Expr? VisibleWhen(string fieldId) => _visible.GetValueOrDefault(fieldId);

    public Expr? RequiredWhen(string fieldId) => _required.GetValueOrDefault(fieldId);

    public Expr? Calculation(string fieldId) => _calculate.GetValueOrDefault(fieldId);

    public bool IsCalculated(string fieldId) => _calculate.ContainsKey(fieldId);

    /// <summary>The repeat group a field is a column of, or null at top level.</summary>
    public string? RowGroupOf(string fieldId) => _rowGroup.GetValueOrDefault(fieldId);

    /// <summary>The ids of the sections around a field, outermost first (within its page or row).</summary>
    public IReadOnlyList<string> SectionsAround(string fieldId) => _sections.GetValueOrDefault(fieldId) ?? [];

    /// <summary>The page index a field (at any depth) is on.</summary>
    public int PageOf(string fieldId) => _pageOf.TryGetValue(fieldId, out var page) ? page : -1;

    /// <summary>
    /// The pages an applicant goes through with these answers, in order: hidden pages are skipped, and after each
    /// page the first branch whose condition holds decides the next one ("end" stops).
    /// </summary>
    public IReadOnlyList<int> PagePath(ExprEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var path = new List<int>();
        var pages = Definition.Pages;
        var i = 0;
        while (i < pages.Count)
        {
            var page = pages[i];
            if (_pageVisible.TryGetValue(page.Id, out var visible) && !ExprEvaluator.IsTrue(visible, environment))
            {
                i++;
                continue;
            }

            path.Add(i);
            var next = i + 1;
            if (_branches.TryGetValue(page.Id, out var branches))
            {
                foreach (var (branch, when) in branches)
                {
                    if (when is not null && ExprEvaluator.IsTrue(when, environment))
                    {
                        next = branch.GoTo == PageBranch.End ? pages.Count : Math.Max(i + 1, pages.ToList().FindIndex(p => p.Id == branch.GoTo));
                        break;
                    }
                }
            }

            i = next;
        }

        return path;
    }

    /// <summary>
    /// Whether a field (or section) is shown: its own condition and those of the sections around it hold. Page
    /// visibility is separate (<see cref="PagePath"/>). For a column of a repeat group, pass the row's environment.
    /// </summary>
    public bool IsShown(string fieldId, ExprEnvironment environment)
    {
        foreach (var section in SectionsAround(fieldId))
        {
            if (_visible.TryGetValue(section, out var sectionRule) && !ExprEvaluator.IsTrue(sectionRule, environment))
            {
                return false;
            }
        }

        return !_visible.TryGetValue(fieldId, out var rule) || ExprEvaluator.IsTrue(rule, environment);
    }

    /// <summary>
    /// The fields a check waits for: it runs only once all of them are answered, so 「終了日は開始日以降」 does not fire
    /// while a date is still blank. A check that tests for blanks itself (isBlank, coalesce) always runs.
    /// </summary>
    public IReadOnlyList<string> CheckInputs(string checkId) => _checkInputs.GetValueOrDefault(checkId) ?? [];

    private static bool HandlesBlanks(Expr expr) => expr switch
    {
        CallExpr call => call.Name.Equals("isBlank", StringComparison.OrdinalIgnoreCase) || call.Name.Equals("coalesce", StringComparison.OrdinalIgnoreCase) || call.Arguments.Any(HandlesBlanks),
        BinaryExpr binary => HandlesBlanks(binary.Left) || HandlesBlanks(binary.Right)
            || (binary.Left is NullLiteral || binary.Right is NullLiteral),
        UnaryExpr unary => HandlesBlanks(unary.Operand),
        MemberAccess member => HandlesBlanks(member.Target),
        _ => false,
    };

    /// <summary>The top-level fields that decide whether a field is shown (its own condition and its sections').</summary>
    public IReadOnlyList<string> VisibilityInputs(string fieldId)
    {
        var roots = new List<string>();
        foreach (var id in SectionsAround(fieldId).Append(fieldId))
        {
            if (_visible.TryGetValue(id, out var rule))
            {
                roots.AddRange(ExprDependencies.Of(rule).Select(r => r.Root));
            }
        }

        return roots.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The environment over stored answers (as the validator leaves them: calculated, hidden ones removed).</summary>
    public ExprEnvironment EnvironmentFor(JsonObject answers, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var values = new Dictionary<string, ExprValue>(StringComparer.Ordinal);
        foreach (var field in Definition.InputFields)
        {
            values[field.Id] = ToValue(field, answers[field.Id]);
        }

        return ExprEnvironment.From(values, today);
    }

    /// <summary>A type in the JSON form the browser evaluator reads: "number", ["text"], {"member": "text"}.</summary>
    public static JsonNode TypeJson(ExprType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind switch
        {
            ExprTypeKind.List => new JsonArray(TypeJson(type.Element!)),
            ExprTypeKind.Record => new JsonObject(type.Members!.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)TypeJson(m.Value)))),
            _ => JsonValue.Create(type.ToString())!,
        };
    }

    /// <summary>The expression type of a field's answer.</summary>
    public static ExprType TypeOf(FieldDefinition field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Type switch
        {
            FieldType.Integer or FieldType.Decimal => ExprType.Number,
            FieldType.Date => ExprType.Date,
            FieldType.YesNo => ExprType.Bool,
            FieldType.MultiChoice or FieldType.File => ExprType.ListOf(ExprType.Text),
            FieldType.Name or FieldType.Address or FieldType.BankAccount =>
                ExprType.RecordOf(field.Type.CompositeParts().Select(p => KeyValuePair.Create(p, ExprType.Text))),
            FieldType.Repeat => ExprType.ListOf(ExprType.RecordOf(field.RowFields.Select(c => KeyValuePair.Create(c.Id, TypeOf(c))))),
            _ => ExprType.Text,
        };
    }

    /// <summary>Turns a stored answer into the value expressions see (null for blank or unreadable).</summary>
    public static ExprValue ToValue(FieldDefinition field, JsonNode? node)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (node is null)
        {
            return ExprValue.Null;
        }

        try
        {
            switch (field.Type)
            {
                case FieldType.Integer or FieldType.Decimal:
                    return decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? ExprValue.Number(number) : ExprValue.Null;
                case FieldType.Date:
                    return DateOnly.TryParseExact(node.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? ExprValue.Date(date) : ExprValue.Null;
                case FieldType.YesNo:
                    return node is JsonValue v && v.TryGetValue<bool>(out var flag) ? ExprValue.Bool(flag) : ExprValue.Null;
                case FieldType.MultiChoice or FieldType.File:
                    return node is JsonArray items ? ExprValue.List(items.Select(i => i is null ? ExprValue.Null : (ExprValue)ExprValue.Text(i.ToString()))) : ExprValue.Null;
                case FieldType.Name or FieldType.Address or FieldType.BankAccount:
                    return node is JsonObject parts
                        ? ExprValue.Record(field.Type.CompositeParts().Select(p => KeyValuePair.Create(p, parts[p] is { } part ? (ExprValue)ExprValue.Text(part.ToString()) : ExprValue.Null)))
                        : ExprValue.Null;
                case FieldType.Repeat:
                    return node is JsonArray rows ? ExprValue.List(rows.OfType<JsonObject>().Select(r => (ExprValue)RowValue(field, r))) : ExprValue.Null;
                default:
                    return node is JsonValue text ? ExprValue.Text(text.ToString()) : ExprValue.Null;
            }
        }
        catch (InvalidOperationException)
        {
            return ExprValue.Null;
        }
        catch (FormatException)
        {
            return ExprValue.Null;
        }
    }

    /// <summary>One row of a repeat group as a record holding every column (blank ones as null).</summary>
    public static RecordValue RowValue(FieldDefinition repeat, JsonObject row)
    {
        ArgumentNullException.ThrowIfNull(repeat);
        ArgumentNullException.ThrowIfNull(row);
        return (RecordValue)ExprValue.Record(repeat.RowFields.Select(c => KeyValuePair.Create(c.Id, ToValue(c, row[c.Id]))));
    }

    /// <summary>A calculated value as the stored answer of its field: integers rounded half away from zero.</summary>
    public static JsonNode? ToAnswer(FieldDefinition field, ExprValue value)
    {
        ArgumentNullException.ThrowIfNull(field);
        return (field.Type, value) switch
        {
            (FieldType.Integer, NumberValue n) => JsonValue.Create(decimal.ToInt64(Math.Round(n.Value, 0, MidpointRounding.AwayFromZero))),
            (FieldType.Decimal, NumberValue n) => JsonValue.Create(Math.Round(n.Value, field.EffectiveScale, MidpointRounding.AwayFromZero) / 1.0000000000000000000000000000m),
            (FieldType.Date, DateValue d) => JsonValue.Create(d.ToString()),
            (FieldType.YesNo, BoolValue b) => JsonValue.Create(b.Value),
            (_, NullValue) => null,
            (FieldType.Text, var other) => JsonValue.Create(other.ToString()),
            _ => null,
        };
    }

    private static ExprSchema BuildSchema(ProcedureDefinition definition) =>
        new(definition.InputFields.Select(f => KeyValuePair.Create(f.Id, TypeOf(f))));

    private void Compile()
    {
        var calculated = new List<CalculatedField>();
        for (var p = 0; p < Definition.Pages.Count; p++)
        {
            var page = Definition.Pages[p];
            var pagePath = string.Create(CultureInfo.InvariantCulture, $"$.pages[{p}]");
            if (page.VisibleWhen is { } pageRule && CompileBool(pageRule, pagePath + ".visibleWhen", null) is { } pageExpr)
            {
                _pageVisible[page.Id] = pageExpr;
            }

            if (page.Next.Count > 0)
            {
                var branches = new List<(PageBranch, Expr?)>();
                for (var b = 0; b < page.Next.Count; b++)
                {
                    branches.Add((page.Next[b], CompileBool(page.Next[b].When, string.Create(CultureInfo.InvariantCulture, $"{pagePath}.next[{b}].when"), null)));
                }

                _branches[page.Id] = branches;
            }

            Walk(page.Fields, pagePath, p, null, [], calculated);
        }

        for (var c = 0; c < Definition.Checks.Count; c++)
        {
            var check = Definition.Checks[c];
            if (CompileBool(check.Assert, string.Create(CultureInfo.InvariantCulture, $"$.checks[{c}].assert"), null) is { } assert)
            {
                _checks.Add((check, assert));
                _checkInputs[check.Id] = HandlesBlanks(assert) ? [] : [.. ExprDependencies.Of(assert).Select(r => r.Root).Distinct(StringComparer.Ordinal)];
            }
        }

        var plan = CalculationGraph.Analyze(calculated, Schema);
        CalculationOrder = plan.Order;
        foreach (var cycle in plan.Cycles)
        {
            var first = cycle.Path[0];
            _problems.Add(new DefinitionProblem(PathOf(first) + ".calculate", "calculationCycle", new LocalizedText(cycle.MessageJa, cycle.MessageEn)));
        }
    }

    private readonly Dictionary<string, string> _paths = new(StringComparer.Ordinal);

    private string PathOf(string fieldId) => _paths.GetValueOrDefault(fieldId) ?? "$";

    private void Walk(IReadOnlyList<FieldDefinition> fields, string parentPath, int page, string? rowGroup, IReadOnlyList<string> sections, List<CalculatedField> calculated)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var path = string.Create(CultureInfo.InvariantCulture, $"{parentPath}.fields[{i}]");
            _paths.TryAdd(field.Id, path);
            _pageOf.TryAdd(field.Id, page);
            _rowGroup.TryAdd(field.Id, rowGroup);
            _sections.TryAdd(field.Id, sections);

            if (field.VisibleWhen is { } visible && CompileBool(visible, path + ".visibleWhen", rowGroup) is { } v)
            {
                _visible[field.Id] = v;
            }

            if (field.RequiredWhen is { } required && CompileBool(required, path + ".requiredWhen", rowGroup) is { } r)
            {
                _required[field.Id] = r;
            }

            if (field.Calculate is { } calculate && Compile(calculate, path + ".calculate", rowGroup) is { } c)
            {
                var expected = TypeOf(field);
                var actual = ExprTypeChecker.Check(c, Schema, rowGroup).Type;
                if (!Fits(actual, expected))
                {
                    _problems.Add(new DefinitionProblem(path + ".calculate", "calculationType", new LocalizedText(
                        $"計算式の結果は「{actual}」ですが、この項目には「{expected}」が必要です。",
                        $"The calculation gives {actual}, but this field needs {expected}.")));
                }
                else
                {
                    _calculate[field.Id] = c;
                    calculated.Add(new CalculatedField(field.Id, c, rowGroup));
                }
            }

            if (field.Fields is { Count: > 0 } children)
            {
                var inner = field.Type == FieldType.Section ? [.. sections, field.Id] : (IReadOnlyList<string>)[];
                Walk(children, path, page, field.Type == FieldType.Repeat ? field.Id : rowGroup, inner, calculated);
            }
        }
    }

    private Expr? CompileBool(string text, string path, string? rowGroup)
    {
        if (Compile(text, path, rowGroup) is not { } expr)
        {
            return null;
        }

        var type = ExprTypeChecker.Check(expr, Schema, rowGroup).Type;
        if (!Fits(type, ExprType.Bool))
        {
            _problems.Add(new DefinitionProblem(path, "conditionType", new LocalizedText(
                $"条件式の結果は「はい/いいえ」（bool）である必要がありますが、「{type}」になっています（例：kind = 'corp'）。",
                $"A condition must give true or false (bool), but this gives {type} (e.g. kind = 'corp').")));
            return null;
        }

        return expr;
    }

    private Expr? Compile(string text, string path, string? rowGroup)
    {
        var parsed = ExprParser.Parse(text);
        if (parsed.Ast is not { } ast)
        {
            foreach (var error in parsed.Errors)
            {
                _problems.Add(Problem(path, text, error));
            }

            return null;
        }

        var check = ExprTypeChecker.Check(ast, Schema, rowGroup);
        if (check.Errors.Count > 0)
        {
            foreach (var error in check.Errors)
            {
                _problems.Add(Problem(path, text, error));
            }

            return null;
        }

        return ast;
    }

    private static DefinitionProblem Problem(string path, string text, ExprDiagnostic error)
    {
        var at = Math.Clamp(error.Start, 0, text.Length);
        return new DefinitionProblem(path, "expression:" + error.Code, new LocalizedText(
            string.Create(CultureInfo.InvariantCulture, $"式「{text}」の{at + 1}文字目：{error.MessageJa}"),
            string.Create(CultureInfo.InvariantCulture, $"Expression \"{text}\", at character {at + 1}: {error.MessageEn}")));
    }

    private static bool Fits(ExprType actual, ExprType expected) =>
        actual.Kind is ExprTypeKind.Null or ExprTypeKind.Unknown || actual.Equals(expected)
        || (expected.Kind == ExprTypeKind.Text && actual.Kind is ExprTypeKind.Number or ExprTypeKind.Date or ExprTypeKind.Bool);
}
