using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Cases;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Cases;

/// <summary>The optional "route" of a procedure definition: read with every problem reported by its JSON path.</summary>
public sealed class RouteParserTests
{
    private static DefinitionParseResult ParseWithRoute(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(CaseFixture.ProcedureJson)!.AsObject();
        change(root["route"]!.AsObject());
        return ProcedureDefinitionParser.Parse(root.ToJsonString());
    }

    private static DefinitionParseResult ParseStep(int index, Action<JsonObject> change) =>
        ParseWithRoute(route => change(route["steps"]![index]!.AsObject()));

    private static void AssertProblem(DefinitionParseResult result, string path, string code)
    {
        Assert.True(
            result.Problems.Any(p => p.Path == path && p.Code == code),
            $"Expected {code} at {path}; got: {string.Join("; ", result.Problems.Select(p => $"{p.Code} at {p.Path}"))}");
        var problem = result.Problems.First(p => p.Path == path && p.Code == code);
        Assert.False(string.IsNullOrWhiteSpace(problem.Message.Ja));
        Assert.False(string.IsNullOrWhiteSpace(problem.Message.En));
        Assert.False(result.IsValid);
    }

    [Fact]
    public void A_route_is_read_as_written()
    {
        var route = CaseFixture.Route;

        Assert.Equal(["review", "consult", "chief", "director"], route.Steps.Select(s => s.Id));
        Assert.Equal([StepKind.Review, StepKind.Consultation, StepKind.Approval, StepKind.Approval], route.Steps.Select(s => s.Kind));
        Assert.Equal(("officer", "welfare", 5), (route.Steps[0].Role, route.Steps[0].Department, route.Steps[0].DueBusinessDays));
        Assert.Equal(ConsultationRule.All, route.Steps[1].Require);
        Assert.Null(route.Steps[1].OnDisagree);
        Assert.Equal(DisagreementRule.Return, route.Steps[1].EffectiveOnDisagree);
        Assert.Equal(["finance", "legal"], route.Steps[1].Parties.Select(p => p.Id));
        Assert.Equal("財政課", route.Steps[1].Parties[0].Label!.Ja);
        Assert.Equal("amount > 1000000", route.Steps[3].When);
        Assert.Equal("Director approval", route.Steps[3].Label.En);
        Assert.Equal([CaseOutcome.Grant, CaseOutcome.Refuse, CaseOutcome.Dismiss], route.Outcomes);
        Assert.True(route.EffectiveDistinctApprovers);
        Assert.Equal(CorrectionEdits.Flagged, route.EffectiveCorrectionEdits);
        var all = ParseWithRoute(r => r["correctionEdits"] = "all");
        Assert.True(all.IsValid);
        Assert.Equal(CorrectionEdits.All, all.Definition!.Route!.EffectiveCorrectionEdits);
    }

    [Fact]
    public void A_definition_without_a_route_is_still_valid_and_gets_the_default_route()
    {
        var root = JsonNode.Parse(CaseFixture.ProcedureJson)!.AsObject();
        root.Remove("route");
        var result = ProcedureDefinitionParser.Parse(root.ToJsonString());

        Assert.True(result.IsValid);
        Assert.Null(result.Definition!.Route);
        Assert.DoesNotContain("route", ProcedureJson.Serialize(result.Definition), StringComparison.Ordinal);
        var route = RouteDefinition.Of(result.Definition);
        Assert.Equal(StepKind.Review, Assert.Single(route.Steps).Kind);
        Assert.Equal(RouteDefinition.AllOutcomes, route.EffectiveOutcomes);
    }

    [Fact]
    public void Export_and_reimport_round_trips_the_route()
    {
        var first = CaseFixture.Definition;
        var json = ProcedureJson.Serialize(first);
        var again = ProcedureDefinitionParser.Parse(json);

        Assert.True(again.IsValid, string.Join("; ", again.Problems.Select(p => $"{p.Code} at {p.Path}")));
        Assert.Equal(json, ProcedureJson.Serialize(again.Definition!));
        Assert.Contains("\"kind\":\"consultation\"", json, StringComparison.Ordinal);
        Assert.Contains("\"outcomes\":[\"grant\",\"refuse\",\"dismiss\"]", json, StringComparison.Ordinal);

        var deserialized = JsonSerializer.Deserialize<ProcedureDefinition>(json, ProcedureJson.Options)!;
        Assert.Equal(json, ProcedureJson.Serialize(deserialized));
    }

    public static TheoryData<string, string, string, string> StepProblems() => new()
    {
        // step index, property, JSON value, expected path suffix + code
        { "0", "kind", "\"inspection\"", ".kind unknownStepKind" },
        { "2", "id", "\"review\"", ".id duplicateStepId" },
        { "0", "id", "\"1st\"", ".id invalidId" },
        { "0", "staff", "[]", ".staff emptyAssignees" },
        { "0", "staff", "[\"u1\", \"u1\"]", ".staff[1] duplicateStaff" },
        { "0", "staff", "[\"  \"]", ".staff[0] emptyAssignee" },
        { "0", "staff", "[7]", ".staff[0] wrongType" },
        { "0", "role", "\" \"", ".role emptyAssignee" },
        { "0", "role", "3", ".role wrongType" },
        { "1", "assignees", "[]", ".assignees emptyAssignees" },
        { "1", "role", "\"chief\"", ".role notApplicable" },
        { "0", "require", "\"all\"", ".require notApplicable" },
        { "2", "assignees", "[]", ".assignees notApplicable" },
        { "1", "require", "\"most\"", ".require invalidRequire" },
        { "1", "onDisagree", "\"ignore\"", ".onDisagree invalidOnDisagree" },
        { "3", "when", "\"amount + 1\"", ".when conditionType" },
        { "3", "when", "\"salary > 1000000\"", ".when expression:unknown-field" },
        { "3", "when", "\"amount >\"", ".when expression:unexpected-end" },
        { "3", "when", "\"amount > '100'\"", ".when expression:type-mismatch" },
        { "3", "when", "\"  \"", ".when emptyExpression" },
        { "3", "dueBusinessDays", "0", ".dueBusinessDays outOfRange" },
        { "3", "dueBusinessDays", "\"5\"", ".dueBusinessDays wrongType" },
        { "3", "approver", "\"x\"", ".approver unknownProperty" },
        { "3", "label", "{ \"ja\": \"\" }", ".label.ja required" },
    };

    [Theory]
    [MemberData(nameof(StepProblems))]
    public void Wrong_steps_are_reported_with_their_path(string index, string property, string value, string expected)
    {
        var i = int.Parse(index, System.Globalization.CultureInfo.InvariantCulture);
        var result = ParseStep(i, step => step[property] = JsonNode.Parse(value));

        var (suffix, code) = (expected.Split(' ')[0], expected.Split(' ')[1]);
        AssertProblem(result, $"$.route.steps[{i}]{suffix}", code);
    }

    [Fact]
    public void The_type_mismatch_code_used_above_is_the_checkers_own()
    {
        var result = ParseStep(3, step => step["when"] = "amount > '100'");

        Assert.Contains(result.Problems, p => p.Path == "$.route.steps[3].when" && p.Code.StartsWith("expression:", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Message.Ja.Contains("式「amount > '100'」", StringComparison.Ordinal));
    }

    [Fact]
    public void Steps_need_an_id_a_kind_a_label_and_someone_to_act()
    {
        var result = ParseStep(0, step =>
        {
            step.Remove("id");
            step.Remove("kind");
            step.Remove("label");
        });
        AssertProblem(result, "$.route.steps[0].id", "required");
        AssertProblem(result, "$.route.steps[0].kind", "required");
        AssertProblem(result, "$.route.steps[0].label", "required");

        var nobody = ParseStep(2, step =>
        {
            step.Remove("role");
            step.Remove("department");
        });
        AssertProblem(nobody, "$.route.steps[2]", "noAssignee");

        AssertProblem(ParseStep(1, step => step.Remove("assignees")), "$.route.steps[1].assignees", "required");
        AssertProblem(ParseStep(1, step => step["assignees"]![0]!.AsObject().Remove("department")), "$.route.steps[1].assignees[0]", "noAssignee");
        AssertProblem(ParseStep(1, step => step["assignees"]![1]!["id"] = "finance"), "$.route.steps[1].assignees[1].id", "duplicateAssigneeId");
        AssertProblem(ParseStep(1, step => step["assignees"]![1]!.AsObject().Remove("id")), "$.route.steps[1].assignees[1].id", "required");
        AssertProblem(ParseStep(1, step => step["assignees"]![1]!["team"] = "x"), "$.route.steps[1].assignees[1].team", "unknownProperty");
        AssertProblem(ParseStep(1, step => step["assignees"]![1] = "legal"), "$.route.steps[1].assignees[1]", "wrongType");
    }

    [Fact]
    public void The_route_itself_is_checked()
    {
        AssertProblem(ParseWithRoute(route => route.Remove("steps")), "$.route.steps", "required");
        AssertProblem(ParseWithRoute(route => route["steps"] = new JsonArray()), "$.route.steps", "noSteps");
        AssertProblem(ParseWithRoute(route => route["steps"] = "review"), "$.route.steps", "wrongType");
        AssertProblem(ParseWithRoute(route => route["steps"]!.AsArray()[0] = 1), "$.route.steps[0]", "wrongType");
        AssertProblem(ParseWithRoute(route => route["distinctApprovers"] = "yes"), "$.route.distinctApprovers", "wrongType");
        AssertProblem(ParseWithRoute(route => route["correctionEdits"] = "some"), "$.route.correctionEdits", "unknownCorrectionEdits");
        AssertProblem(ParseWithRoute(route => route["owner"] = "x"), "$.route.owner", "unknownProperty");

        var root = JsonNode.Parse(CaseFixture.ProcedureJson)!.AsObject();
        root["route"] = new JsonArray();
        AssertProblem(ProcedureDefinitionParser.Parse(root.ToJsonString()), "$.route", "wrongType");
    }

    [Fact]
    public void Outcomes_are_grant_refuse_or_dismiss_and_withdrawal_is_not_one()
    {
        AssertProblem(ParseWithRoute(route => route["outcomes"] = new JsonArray("grant", "withdraw")), "$.route.outcomes[1]", "withdrawNotAnOutcome");
        AssertProblem(ParseWithRoute(route => route["outcomes"] = new JsonArray("grant", "approve")), "$.route.outcomes[1]", "unknownOutcome");
        AssertProblem(ParseWithRoute(route => route["outcomes"] = new JsonArray("grant", "grant")), "$.route.outcomes[1]", "duplicateOutcome");
        AssertProblem(ParseWithRoute(route => route["outcomes"] = new JsonArray()), "$.route.outcomes", "noOutcomes");
        AssertProblem(ParseWithRoute(route => route["outcomes"] = "grant"), "$.route.outcomes", "wrongType");

        var noRefusal = ParseWithRoute(route =>
        {
            route["outcomes"] = new JsonArray("grant", "dismiss");
            route["steps"]![1]!["onDisagree"] = "refuse";
        });
        AssertProblem(noRefusal, "$.route.steps[1].onDisagree", "refuseNotAllowed");
    }

    [Fact]
    public void At_least_one_step_must_apply_to_every_application()
    {
        var result = ParseWithRoute(route =>
        {
            foreach (var step in route["steps"]!.AsArray())
            {
                step!["when"] = "amount > 0";
            }
        });

        AssertProblem(result, "$.route.steps", "noUnconditionalStep");
    }

    [Fact]
    public void Step_ids_are_their_own_namespace_and_may_repeat_a_field_id()
    {
        var result = ParseStep(0, step => step["id"] = "amount");

        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => $"{p.Code} at {p.Path}")));
    }

    [Fact]
    public void Every_problem_in_a_bad_route_is_reported_at_once()
    {
        var result = ParseWithRoute(route =>
        {
            route["steps"]![0]!["kind"] = "inspection";
            route["steps"]![2]!["id"] = "review";
            route["steps"]![3]!["when"] = "amount";
            route["outcomes"] = new JsonArray("withdraw");
        });

        Assert.Equal(
            ["$.route.steps[0].kind unknownStepKind", "$.route.steps[2].id duplicateStepId", "$.route.steps[3].when conditionType", "$.route.outcomes[0] withdrawNotAnOutcome"],
            result.Problems.Select(p => $"{p.Path} {p.Code}"));
    }
}
