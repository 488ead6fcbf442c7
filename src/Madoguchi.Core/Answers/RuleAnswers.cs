using System.Text.Json.Nodes;
using Madoguchi.Core.Expressions;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Answers;

public static partial class AnswerValidator
{
    /// <summary>
    /// One evaluation of a definition's rules over one set of answers, authoritative on the server: calculated values
    /// replace anything submitted, hidden fields (by their own condition, a section's or the page's, or a branch that
    /// skips their page) lose their answers and errors, required-when adds requirements, and cross-field checks run
    /// last on what remains.
    /// </summary>
    private sealed class RuleRun
    {
        private readonly ProcedureDefinition _definition;
        private readonly JsonObject _answers;
        private readonly List<FieldError> _errors;
        private readonly Dictionary<string, ExprValue> _values = new(StringComparer.Ordinal);

        public RuleRun(ProcedureDefinition definition, ProcedureRules rules, JsonObject answers, List<FieldError> errors, DateOnly today)
        {
            _definition = definition;
            Rules = rules;
            _answers = answers;
            _errors = errors;
            foreach (var field in definition.InputFields)
            {
                _values[field.Id] = ProcedureRules.ToValue(field, answers[field.Id]);
            }

            Environment = ExprEnvironment.From(_values, today);
        }

        public ProcedureRules Rules { get; }

        public ExprEnvironment Environment { get; }

        /// <summary>Top-level fields that are not shown with these answers.</summary>
        public HashSet<string> Hidden { get; } = new(StringComparer.Ordinal);

        public void Calculate()
        {
            foreach (var id in Rules.CalculationOrder)
            {
                var field = _definition.FindField(id);
                var expression = Rules.Calculation(id);
                if (field is null || expression is null)
                {
                    continue;
                }

                if (Rules.RowGroupOf(id) is { } group)
                {
                    var repeat = _definition.FindField(group)!;
                    if (_answers[group] is JsonArray rows)
                    {
                        foreach (var row in rows.OfType<JsonObject>())
                        {
                            var value = ExprEvaluator.Evaluate(expression, Environment with { Row = ProcedureRules.RowValue(repeat, row) }).Value;
                            Set(row, id, ProcedureRules.ToAnswer(field, value));
                        }

                        _values[group] = ProcedureRules.ToValue(repeat, rows);
                    }

                    continue;
                }

                var result = ProcedureRules.ToAnswer(field, ExprEvaluator.Evaluate(expression, Environment).Value);
                Set(_answers, id, result);
                _values[id] = ProcedureRules.ToValue(field, result);
            }
        }

        public void ApplyVisibility()
        {
            var path = Rules.PagePath(Environment).ToHashSet();
            foreach (var field in _definition.InputFields)
            {
                var shown = path.Contains(Rules.PageOf(field.Id)) && Rules.IsShown(field.Id, Environment);
                if (!shown)
                {
                    Hidden.Add(field.Id);
                    _answers.Remove(field.Id);
                    _errors.RemoveAll(e => TopLevelId(e.FieldId) == field.Id);
                    continue;
                }

                if (field.Type == FieldType.Repeat && _answers[field.Id] is JsonArray rows)
                {
                    for (var i = 0; i < rows.Count; i++)
                    {
                        if (rows[i] is not JsonObject row)
                        {
                            continue;
                        }

                        var rowEnvironment = Environment with { Row = ProcedureRules.RowValue(field, row) };
                        foreach (var column in field.RowFields)
                        {
                            if (!Rules.IsShown(column.Id, rowEnvironment))
                            {
                                row.Remove(column.Id);
                                var key = CellKey(field.Id, i, column.Id);
                                _errors.RemoveAll(e => e.FieldId == key || e.FieldId.StartsWith(key + ".", StringComparison.Ordinal));
                            }
                        }
                    }
                }
            }

            // Hidden answers are blank to every rule that runs after this point.
            foreach (var id in Hidden)
            {
                _values[id] = ExprValue.Null;
            }
        }

        public bool IsRequiredWhen(FieldDefinition field, ExprEnvironment environment) =>
            Rules.RequiredWhen(field.Id) is { } rule && ExprEvaluator.IsTrue(rule, environment);

        public void ApplyChecks()
        {
            foreach (var (check, assert) in Rules.Checks)
            {
                var targets = check.Fields;
                if (targets.Any(Hidden.Contains) || _errors.Any(e => targets.Contains(TopLevelId(e.FieldId)))
                    || Rules.CheckInputs(check.Id).Any(id => _values.GetValueOrDefault(id) is null or NullValue))
                {
                    continue; // about hidden, already wrong or not yet given answers: it would only add noise
                }

                if (ExprEvaluator.Evaluate(assert, Environment).Value is BoolValue { Value: false })
                {
                    var message = new LocalizedText(check.Message.Ja, check.Message.En ?? check.Message.Ja);
                    _errors.Add(new FieldError(targets.Count > 0 ? targets[0] : check.Id, "check:" + check.Id, message));
                }
            }
        }

        private static void Set(JsonObject scope, string id, JsonNode? value)
        {
            if (value is null)
            {
                scope.Remove(id);
            }
            else
            {
                scope[id] = value;
            }
        }
    }
}
