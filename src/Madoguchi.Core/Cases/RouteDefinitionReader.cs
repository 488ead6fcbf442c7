using System.Globalization;
using System.Text.Json;
using Madoguchi.Core.Cases;
using Madoguchi.Core.Expressions;

// The route is read by the procedure parser's own reader (same path reporting, unknown and duplicate property checks,
// wrong types treated as absent); this part lives beside the rest of the case rules.
namespace Madoguchi.Core.Procedures;

public static partial class ProcedureDefinitionParser
{
    private static readonly string[] _routeProperties = ["steps", "outcomes", "distinctApprovers", "correctionEdits", "applicantSeesSteps"];
    private static readonly string[] _stepProperties = ["id", "kind", "label", "role", "department", "staff", "assignees", "require", "onDisagree", "when", "dueBusinessDays"];
    private static readonly string[] _partyProperties = ["id", "label", "role", "department", "staff"];
    private static readonly string[] _assigneeProperties = ["role", "department", "staff"];
    private static readonly string[] _consultationProperties = ["assignees", "require", "onDisagree"];
    private static readonly string[] _requireValues = ["all", "any"];
    private static readonly string[] _onDisagreeValues = ["return", "refuse"];

    private static readonly Dictionary<string, StepKind> _stepKinds = new(StringComparer.Ordinal)
    {
        ["review"] = StepKind.Review,
        ["approval"] = StepKind.Approval,
        ["consultation"] = StepKind.Consultation,
    };

    private static readonly Dictionary<string, CaseOutcome> _outcomes = new(StringComparer.Ordinal)
    {
        ["grant"] = CaseOutcome.Grant,
        ["refuse"] = CaseOutcome.Refuse,
        ["dismiss"] = CaseOutcome.Dismiss,
    };

    private sealed partial class Reader
    {
        private RouteDefinition ReadRoute(JsonElement element, string path, IReadOnlyList<PageDefinition> pages)
        {
            // Conditions read the answers, so they are checked against the same schema as the form's own rules.
            var schema = new ExprSchema(pages.SelectMany(p => p.InputFields).Select(f => KeyValuePair.Create(f.Id, ProcedureRules.TypeOf(f))));
            var o = new Scope(this, element, path, _routeProperties);

            var steps = new List<(RouteStep Step, string Path)>();
            var stepElements = o.Array("steps");
            if (!o.Has("steps"))
            {
                Add(path + ".steps", "required", "決裁ルート（route）に段階（steps）を1つ以上指定してください。", "The route needs at least one step (\"steps\").");
            }
            else if (o.Get("steps")?.ValueKind == JsonValueKind.Array && stepElements.Count == 0)
            {
                Add(path + ".steps", "noSteps", "決裁ルートに段階が1つもありません。1つ以上指定してください。", "The route has no steps; give at least one.");
            }

            var stepIds = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < stepElements.Count; i++)
            {
                if (ReadStep(stepElements[i].Element, stepElements[i].Path, i, schema, stepIds) is { } step)
                {
                    steps.Add((step, stepElements[i].Path));
                }
            }

            var outcomes = ReadOutcomes(o, path);
            var distinctApprovers = o.Bool("distinctApprovers");
            var applicantSeesSteps = o.Bool("applicantSeesSteps");
            CorrectionEdits? correctionEdits = null;
            if (o.String("correctionEdits") is { } editsName)
            {
                correctionEdits = editsName switch
                {
                    "flagged" => CorrectionEdits.Flagged,
                    "all" => CorrectionEdits.All,
                    _ => null,
                };
                if (correctionEdits is null)
                {
                    Add(path + ".correctionEdits", "unknownCorrectionEdits",
                        $"correctionEdits「{editsName}」は使えません。flagged（指摘した項目だけ直せる）または all（すべて直せる）にしてください。",
                        $"correctionEdits \"{editsName}\" is not allowed; use flagged (only the fields a reviewer marked) or all.");
                }
            }

            o.ReportUnknown();

            if (steps.Count > 0 && steps.All(s => s.Step.When is not null))
            {
                Add(path + ".steps", "noUnconditionalStep",
                    "すべての段階に条件（when）が付いています。どの申請も審査されるよう、条件のない段階を1つ以上置いてください。",
                    "Every step has a condition (\"when\"); give at least one step without one so that every application is reviewed.");
            }

            var allowed = outcomes ?? RouteDefinition.AllOutcomes;
            foreach (var (step, stepPath) in steps.Where(s => s.Step.OnDisagree == DisagreementRule.Refuse && !allowed.Contains(CaseOutcome.Refuse)))
            {
                Add(stepPath + ".onDisagree", "refuseNotAllowed",
                    $"段階「{step.Id}」は不同意で不承認にしますが、outcomes に「refuse」（不承認）がありません。",
                    $"Step \"{step.Id}\" refuses on disagreement, but \"refuse\" is not among the route's outcomes.");
            }

            return new RouteDefinition { Steps = [.. steps.Select(s => s.Step)], Outcomes = outcomes, DistinctApprovers = distinctApprovers, CorrectionEdits = correctionEdits, ApplicantSeesSteps = applicantSeesSteps };
        }

        private RouteStep? ReadStep(JsonElement element, string path, int index, IExprSchema schema, Dictionary<string, string> stepIds)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                WrongType(path, "オブジェクト", "an object");
                return null;
            }

            var s = new Scope(this, element, path, _stepProperties);
            var id = s.String("id");
            var where = id is { Length: > 0 }
                ? new Where($"段階「{id}」", $"Step \"{id}\"")
                : new Where($"{index + 1}番目の段階", $"Step {index + 1}");
            CheckRouteId(id, s.Has("id"), path, where, stepIds, "duplicateStepId", "決裁ルートの段階", "route steps");

            StepKind? kind = null;
            var kindName = s.String("kind");
            if (!s.Has("kind"))
            {
                Add(path + ".kind", "required", $"{where.Ja}の種類（kind）を指定してください（review・approval・consultation）。", $"{where.En} needs a kind (review, approval or consultation).");
            }
            else if (kindName is not null)
            {
                if (_stepKinds.TryGetValue(kindName, out var known))
                {
                    kind = known;
                }
                else
                {
                    Add(path + ".kind", "unknownStepKind",
                        $"{where.Ja}の種類「{kindName}」は使えません。review（審査）、approval（承認・決裁）、consultation（合議）のいずれかにしてください。",
                        $"{where.En}: kind \"{kindName}\" is unknown. Use review, approval or consultation.");
                }
            }

            var label = s.Text("label", required: true, new Where($"{where.Ja}の表示名（label）", $"{where.En}'s label"));
            var role = ReadAssigneeName(s, "role", where);
            var department = ReadAssigneeName(s, "department", where);
            var staff = ReadStaff(s, path, where);
            var parties = ReadParties(s, path, where);
            var require = ReadChoice(s, "require", where, _requireValues, "invalidRequire", "all（全員の同意）", "any（いずれかの同意）");
            var onDisagree = ReadChoice(s, "onDisagree", where, _onDisagreeValues, "invalidOnDisagree", "return（差戻し）", "refuse（不承認）");
            var when = ReadExpression(s, "when", path, where);
            if (when is not null)
            {
                CheckCondition(when, path + ".when", schema);
            }

            var due = s.Int("dueBusinessDays");
            if (due is < 1 or > FieldDefaults.MaxProcessingDays)
            {
                Add(path + ".dueBusinessDays", "outOfRange",
                    $"{where.Ja}の処理日数（dueBusinessDays）は1以上{FieldDefaults.MaxProcessingDays}以下の開庁日数にしてください。",
                    $"{where.En}: dueBusinessDays must be from 1 to {FieldDefaults.MaxProcessingDays} business days.");
            }

            s.ReportUnknown();

            if (kind == StepKind.Consultation)
            {
                foreach (var name in _assigneeProperties.Where(s.Has))
                {
                    NotApplicable(path, name, where, "consultation", "合議先ごとに assignees の中で指定してください", "give them per party inside \"assignees\"");
                }

                if (!s.Has("assignees"))
                {
                    Add(path + ".assignees", "required", $"{where.Ja}は合議のため、合議先（assignees）を1つ以上指定してください。", $"{where.En} is a consultation and needs its parties (\"assignees\").");
                }
            }
            else if (kind is not null)
            {
                foreach (var name in _consultationProperties.Where(s.Has))
                {
                    NotApplicable(path, name, where, kindName!, "合議（consultation）の段階でだけ使えます", "it applies to consultation steps only");
                }

                if (!s.Has("role") && !s.Has("department") && !s.Has("staff"))
                {
                    Add(path, "noAssignee",
                        $"{where.Ja}を行う人を、役職（role）・部署（department）・職員（staff）のいずれかで指定してください。",
                        $"{where.En} needs someone to act: give a role, a department or named staff.");
                }
            }

            return new RouteStep
            {
                Id = id ?? "",
                Kind = kind ?? StepKind.Review,
                Label = label ?? new LocalizedText(""),
                Role = role,
                Department = department,
                Staff = staff,
                Assignees = parties,
                Require = require switch { "all" => ConsultationRule.All, "any" => ConsultationRule.Any, _ => null },
                OnDisagree = onDisagree switch { "return" => DisagreementRule.Return, "refuse" => DisagreementRule.Refuse, _ => null },
                When = when,
                DueBusinessDays = due,
            };
        }

        private List<ConsultationParty>? ReadParties(Scope s, string path, Where where)
        {
            if (s.Get("assignees") is not { ValueKind: JsonValueKind.Array })
            {
                _ = s.Array("assignees"); // reports a value of the wrong type
                return null;
            }

            var elements = s.Array("assignees");
            if (elements.Count == 0)
            {
                Add(path + ".assignees", "emptyAssignees", $"{where.Ja}の合議先（assignees）が空です。1つ以上指定してください。", $"{where.En} has no consultation parties; give at least one.");
            }

            var parties = new List<ConsultationParty>();
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < elements.Count; i++)
            {
                var (element, partyPath) = elements[i];
                if (element.ValueKind != JsonValueKind.Object)
                {
                    WrongType(partyPath, "オブジェクト", "an object");
                    continue;
                }

                var p = new Scope(this, element, partyPath, _partyProperties);
                var id = p.String("id");
                var partyWhere = id is { Length: > 0 }
                    ? new Where($"{where.Ja}の合議先「{id}」", $"{where.En}, party \"{id}\"")
                    : new Where($"{where.Ja}の{i + 1}番目の合議先", $"{where.En}, party {i + 1}");
                CheckRouteId(id, p.Has("id"), partyPath, partyWhere, ids, "duplicateAssigneeId", "同じ段階の合議先", "the parties of one step");
                var label = p.Text("label", required: false, new Where($"{partyWhere.Ja}の表示名", $"{partyWhere.En}'s label"));
                var role = ReadAssigneeName(p, "role", partyWhere);
                var department = ReadAssigneeName(p, "department", partyWhere);
                var staff = ReadStaff(p, partyPath, partyWhere);
                p.ReportUnknown();
                if (!p.Has("role") && !p.Has("department") && !p.Has("staff"))
                {
                    Add(partyPath, "noAssignee",
                        $"{partyWhere.Ja}を、役職（role）・部署（department）・職員（staff）のいずれかで指定してください。",
                        $"{partyWhere.En} needs a role, a department or named staff.");
                }

                parties.Add(new ConsultationParty { Id = id ?? "", Label = label, Role = role, Department = department, Staff = staff });
            }

            return parties;
        }

        private string? ReadAssigneeName(Scope s, string name, Where where)
        {
            var value = s.String(name);
            if (value is not null && string.IsNullOrWhiteSpace(value))
            {
                Add(s.Child(name), "emptyAssignee", $"{where.Ja}の「{name}」が空です。指定するか、削除してください。", $"{where.En}: \"{name}\" is blank; fill it in or remove it.");
                return null;
            }

            return value;
        }

        private List<string>? ReadStaff(Scope s, string path, Where where)
        {
            if (s.Get("staff") is not { ValueKind: JsonValueKind.Array })
            {
                _ = s.Array("staff"); // reports a value of the wrong type
                return null;
            }

            var items = s.Array("staff");
            if (items.Count == 0)
            {
                Add(path + ".staff", "emptyAssignees", $"{where.Ja}の職員（staff）が空です。職員のidを1つ以上指定するか、削除してください。", $"{where.En}: \"staff\" is empty; name at least one staff id or remove it.");
            }

            var staff = new List<string>();
            foreach (var (item, itemPath) in items)
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    WrongType(itemPath, "職員のid（文字列）", "a staff id (string)");
                    continue;
                }

                var id = item.GetString()!;
                if (string.IsNullOrWhiteSpace(id))
                {
                    Add(itemPath, "emptyAssignee", $"{where.Ja}の職員のidが空です。", $"{where.En}: a staff id is blank.");
                }
                else if (staff.Contains(id, StringComparer.Ordinal))
                {
                    Add(itemPath, "duplicateStaff", $"{where.Ja}の職員「{id}」が重複しています。", $"{where.En}: staff \"{id}\" appears more than once.");
                }

                staff.Add(id);
            }

            return staff;
        }

        private string? ReadChoice(Scope s, string name, Where where, string[] allowed, string code, string firstJa, string secondJa)
        {
            var value = s.String(name);
            if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
            {
                Add(s.Child(name), code,
                    $"{where.Ja}の「{name}」に「{value}」は使えません。{firstJa}か{secondJa}にしてください。",
                    $"{where.En}: \"{name}\" cannot be \"{value}\"; use \"{allowed[0]}\" or \"{allowed[1]}\".");
                return null;
            }

            return value;
        }

        private List<CaseOutcome>? ReadOutcomes(Scope o, string path)
        {
            if (o.Get("outcomes") is not { ValueKind: JsonValueKind.Array })
            {
                _ = o.Array("outcomes"); // reports a value of the wrong type
                return null;
            }

            var items = o.Array("outcomes");
            if (items.Count == 0)
            {
                Add(path + ".outcomes", "noOutcomes", "決定の種類（outcomes）が空です。grant・refuse・dismiss から1つ以上指定するか、削除してください（省略するとすべて）。", "\"outcomes\" is empty; give at least one of grant, refuse, dismiss, or remove it (all three).");
            }

            var outcomes = new List<CaseOutcome>();
            foreach (var (item, itemPath) in items)
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    WrongType(itemPath, "文字列", "a string");
                    continue;
                }

                var name = item.GetString()!;
                if (name == "withdraw")
                {
                    Add(itemPath, "withdrawNotAnOutcome", "取下げ（withdraw）は申請者が行うもので、職員の決定ではありません。outcomes から削除してください（取下げはいつでもできます）。", "Withdrawal is the applicant's act, not a decision; remove \"withdraw\" from outcomes (applicants can always withdraw).");
                }
                else if (!_outcomes.TryGetValue(name, out var outcome))
                {
                    Add(itemPath, "unknownOutcome", $"決定の種類「{name}」は使えません。grant（承認）、refuse（不承認）、dismiss（却下）のいずれかにしてください。", $"Outcome \"{name}\" is unknown. Use grant, refuse or dismiss.");
                }
                else if (outcomes.Contains(outcome))
                {
                    Add(itemPath, "duplicateOutcome", $"決定の種類「{name}」が重複しています。", $"Outcome \"{name}\" appears more than once.");
                }
                else
                {
                    outcomes.Add(outcome);
                }
            }

            return outcomes;
        }

        private void CheckRouteId(string? id, bool present, string path, Where where, Dictionary<string, string> seen, string duplicateCode, string scopeJa, string scopeEn)
        {
            if (!present)
            {
                Add(path + ".id", "required", $"{where.Ja}のidを指定してください。", $"{where.En} needs an id.");
                return;
            }

            if (id is null)
            {
                return;
            }

            if (!IdRegex().IsMatch(id))
            {
                Add(path + ".id", "invalidId",
                    $"{where.Ja}のid「{id}」は、半角英字で始まり、半角英数字と「_」だけの64文字以内にしてください。",
                    $"{where.En}: id \"{id}\" must start with a letter and use only letters, digits and \"_\" (at most 64).");
            }

            if (!seen.TryAdd(id, path))
            {
                Add(path + ".id", duplicateCode,
                    $"id「{id}」は {seen[id]} でも使われています。{scopeJa}のidは重複しないようにしてください。",
                    $"Id \"{id}\" is already used at {seen[id]}; ids must be unique among {scopeEn}.");
            }
        }

        private void CheckCondition(string text, string path, IExprSchema schema)
        {
            var parsed = ExprParser.Parse(text);
            if (parsed.Ast is not { } ast)
            {
                foreach (var error in parsed.Errors)
                {
                    AddExpressionProblem(path, text, error);
                }

                return;
            }

            var check = ExprTypeChecker.Check(ast, schema);
            foreach (var error in check.Errors)
            {
                AddExpressionProblem(path, text, error);
            }

            if (check.Errors.Count == 0 && check.Type.Kind is not (ExprTypeKind.Bool or ExprTypeKind.Null or ExprTypeKind.Unknown))
            {
                Add(path, "conditionType",
                    $"段階の条件（when）の結果は「はい/いいえ」（bool）である必要がありますが、「{check.Type}」になっています（例：amount > 1000000）。",
                    $"A step condition (\"when\") must give true or false (bool), but this gives {check.Type} (e.g. amount > 1000000).");
            }
        }

        private void AddExpressionProblem(string path, string text, ExprDiagnostic error)
        {
            var at = Math.Clamp(error.Start, 0, text.Length);
            Add(path, "expression:" + error.Code,
                string.Create(CultureInfo.InvariantCulture, $"式「{text}」の{at + 1}文字目：{error.MessageJa}"),
                string.Create(CultureInfo.InvariantCulture, $"Expression \"{text}\", at character {at + 1}: {error.MessageEn}"));
        }

        private void NotApplicable(string path, string name, Where where, string kindName, string whyJa, string whyEn) =>
            Add($"{path}.{name}", "notApplicable",
                $"{where.Ja}は種類が「{kindName}」のため「{name}」は使えません（{whyJa}）。",
                $"{where.En} is of kind \"{kindName}\", which does not use \"{name}\" ({whyEn}).");
    }
}
