using Madoguchi.Core.Cases;
using Madoguchi.Core.Procedures;
using Madoguchi.Server.Features.Designer;

namespace Madoguchi.Server.Tests;

/// <summary>The route designer's pure parts: step edits, kinds and parties, outcomes, problem locations, selection and preview.</summary>
public sealed class RouteEditingTests
{
    private const string Json = """
        {
          "format": 1, "slug": "routed", "title": { "ja": "補助金" }, "department": { "ja": "産業振興課" },
          "pages": [ { "id": "main", "title": { "ja": "申請" }, "fields": [
            { "id": "name", "type": "text", "label": { "ja": "氏名" } },
            { "id": "amount", "type": "integer", "label": { "ja": "申請額" } },
            { "id": "doubled", "type": "integer", "label": { "ja": "2倍" }, "calculate": "amount * 2" }
          ] } ],
          "route": { "steps": [
            { "id": "review", "kind": "review", "label": { "ja": "担当者審査" }, "department": "sangyo", "role": "tanto" },
            { "id": "chief", "kind": "approval", "label": { "ja": "課長決裁" }, "department": "sangyo", "role": "kacho" },
            { "id": "director", "kind": "approval", "label": { "ja": "部長決裁" }, "role": "bucho", "when": "amount > 1000000" }
          ] }
        }
        """;

    private static ProcedureDefinition Definition()
    {
        var parsed = ProcedureDefinitionParser.Parse(Json);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Problems.Select(p => p.Path + " " + p.Code)));
        return parsed.Definition!;
    }

    private static string[] Ids(ProcedureDefinition d) => [.. RouteEditor.Steps(d).Select(s => s.Id)];

    private static IReadOnlyList<DefinitionProblem> Problems(ProcedureDefinition d) =>
        ProcedureDefinitionParser.Parse(ProcedureJson.Serialize(d)).Problems;

    [Fact]
    public void Add_duplicate_move_and_delete_steps_share_untouched_steps()
    {
        var d = Definition();
        var step = new RouteStep { Id = RouteEditor.NewStepId(d.Route, StepKind.Approval), Kind = StepKind.Approval, Label = new LocalizedText("係長決裁"), Role = "kakaricho" };
        Assert.Equal("approval1", step.Id);

        var (added, at) = RouteEditor.AddStep(d, 1, step);
        Assert.Equal(1, at);
        Assert.Equal(["review", "approval1", "chief", "director"], Ids(added));
        Assert.Same(d.Route!.Steps[0], added.Route!.Steps[0]);
        Assert.Same(d.Route.Steps[2], added.Route.Steps[3]);
        Assert.Equal(["review", "chief", "director"], Ids(d)); // the original is untouched

        var (duplicated, copyAt) = RouteEditor.DuplicateStep(added, 1);
        Assert.Equal(2, copyAt);
        Assert.Equal(["review", "approval1", "approval2", "chief", "director"], Ids(duplicated));
        Assert.Equal("kakaricho", duplicated.Route!.Steps[2].Role);

        var moved = RouteEditor.MoveStep(duplicated, 4, 0)!;
        Assert.Equal(["director", "review", "approval1", "approval2", "chief"], Ids(moved));
        Assert.Null(RouteEditor.MoveStep(moved, 0, 0));
        Assert.Null(RouteEditor.MoveStep(moved, 0, -1));
        Assert.Null(RouteEditor.MoveStep(moved, 4, 5));

        var deleted = RouteEditor.RemoveStep(moved, 0);
        Assert.Equal(["review", "approval1", "approval2", "chief"], Ids(deleted));
        Assert.Empty(Problems(deleted));
    }

    [Fact]
    public void Deleting_the_last_step_goes_back_to_the_default_route_and_adding_creates_one()
    {
        var d = Definition();
        for (var i = RouteEditor.Steps(d).Count - 1; i >= 0; i--)
        {
            d = RouteEditor.RemoveStep(d, i);
        }

        Assert.Null(d.Route);
        Assert.Same(RouteDefinition.Default, RouteDefinition.Of(d));
        Assert.Empty(Problems(d));

        var (created, _) = RouteEditor.AddStep(d, int.MaxValue, new RouteStep { Id = "review1", Kind = StepKind.Review, Label = new LocalizedText("審査") });
        Assert.Equal(["review1"], Ids(created));

        // A new step names nobody yet: the parser says so at the step, and the designer maps it there.
        var problem = Assert.Single(Problems(created));
        Assert.Equal("$.route.steps[0]", problem.Path);
        var located = new DesignerProblems(Problems(created));
        Assert.Single(located.ForStep(0));
        Assert.Equal(1, located.RouteCount);
        Assert.Empty(located.ForProcedure);

        var fixedStep = RouteEditor.UpdateStep(created, 0, s => s with { Department = "shimin" });
        Assert.Empty(Problems(fixedStep));
    }

    [Fact]
    public void Changing_the_kind_moves_the_people_into_a_party_and_back()
    {
        var review = Definition().Route!.Steps[0];
        var consultation = RouteEditor.WithKind(review, StepKind.Consultation);
        Assert.Equal(StepKind.Consultation, consultation.Kind);
        Assert.Null(consultation.Role);
        Assert.Null(consultation.Department);
        var party = Assert.Single(consultation.Parties);
        Assert.Equal(("party1", "tanto", "sangyo"), (party.Id, party.Role, party.Department));

        var two = RouteEditor.AddParty(consultation with { Require = ConsultationRule.Any }, new ConsultationParty { Department = "zaisei" });
        Assert.Equal(["party1", "party2"], two.Parties.Select(p => p.Id));
        var renamed = RouteEditor.UpdateParty(two, 1, p => p with { Label = new LocalizedText("財政課") });
        Assert.Equal("財政課", renamed.Parties[1].Label!.Ja);
        Assert.Same(two.Parties[0], renamed.Parties[0]);

        var back = RouteEditor.WithKind(RouteEditor.RemoveParty(renamed, 1), StepKind.Approval);
        Assert.Equal(("tanto", "sangyo"), (back.Role, back.Department));
        Assert.Null(back.Assignees);
        Assert.Null(back.Require);
        Assert.Same(back, RouteEditor.WithKind(back, StepKind.Approval));
    }

    [Fact]
    public void Outcomes_keep_the_format_order_store_nothing_for_all_and_none_is_a_problem()
    {
        var d = Definition();
        var refuseOff = RouteEditor.UpdateRoute(d, r => RouteEditor.WithOutcome(r, CaseOutcome.Refuse, false));
        Assert.Equal([CaseOutcome.Grant, CaseOutcome.Dismiss], refuseOff.Route!.Outcomes);
        var allAgain = RouteEditor.UpdateRoute(refuseOff, r => RouteEditor.WithOutcome(r, CaseOutcome.Refuse, true));
        Assert.Null(allAgain.Route!.Outcomes);

        var none = RouteEditor.UpdateRoute(d, r => RouteEditor.WithOutcome(RouteEditor.WithOutcome(RouteEditor.WithOutcome(r, CaseOutcome.Grant, false), CaseOutcome.Refuse, false), CaseOutcome.Dismiss, false));
        Assert.Empty(none.Route!.Outcomes!);
        var located = new DesignerProblems(Problems(none));
        Assert.Contains(located.ForRoute, p => p.Target.PropertyRoot == "outcomes");

        // Outcomes on a definition without a route create one from the default (its single review step kept).
        var bare = d with { Route = null };
        var withOutcomes = RouteEditor.UpdateRoute(bare, r => RouteEditor.WithOutcome(r, CaseOutcome.Dismiss, false));
        Assert.Equal(["review"], Ids(withOutcomes));
    }

    [Fact]
    public void Route_problem_paths_map_to_steps_and_selection_keys_round_trip()
    {
        var when = ProblemLocator.Locate("$.route.steps[2].when");
        Assert.Equal((ProblemTargetKind.Route, 2, "when"), (when.Kind, when.StepIndex, when.Property));
        var party = ProblemLocator.Locate("$.route.steps[1].assignees[0].id");
        Assert.Equal((1, "assignees[0].id", "assignees"), (party.StepIndex, party.Property, party.PropertyRoot));
        var outcomes = ProblemLocator.Locate("$.route.outcomes[0]");
        Assert.Equal((ProblemTargetKind.Route, -1, "outcomes[0]"), (outcomes.Kind, outcomes.StepIndex, outcomes.Property));
        Assert.Equal(DesignerSelection.RouteStep(2), DesignerProblems.SelectionFor(when));

        foreach (var selection in new[] { DesignerSelection.RouteStep(-1), DesignerSelection.RouteStep(0), DesignerSelection.RouteStep(12) })
        {
            Assert.Equal(selection, DesignerSelection.Parse(selection.Key));
        }

        Assert.Equal("route", DesignerSelection.RouteStep(-1).Key);
        Assert.Null(DesignerSelection.Parse("route:x"));

        // A selected step that no longer exists (undo of an add) falls back to the last step, or the route itself.
        var d = Definition();
        Assert.Equal(DesignerSelection.RouteStep(2), DesignerSelection.RouteStep(7).ClampTo(d));
        Assert.Equal(DesignerSelection.RouteStep(-1), DesignerSelection.RouteStep(0).ClampTo(d with { Route = null }));
    }

    [Fact]
    public void A_condition_the_parser_rejects_is_shown_at_the_step_with_the_type_checker_message()
    {
        var d = RouteEditor.UpdateStep(Definition(), 2, s => s with { When = "amount + 1" });
        var located = new DesignerProblems(Problems(d));
        var problem = Assert.Single(located.ForStep(2, "when"));
        Assert.Equal("conditionType", problem.Problem.Code);

        var unknown = RouteEditor.UpdateStep(Definition(), 2, s => s with { When = "amont > 1" });
        Assert.Contains(new DesignerProblems(Problems(unknown)).ForStep(2, "when"), p => p.Problem.Code.StartsWith("expression:", StringComparison.Ordinal));
    }

    [Fact]
    public void Preview_includes_the_director_only_above_a_million_and_asks_for_what_the_conditions_read()
    {
        var d = Definition();
        Assert.Equal(["amount"], RoutePreview.Inputs(d).Select(f => f.Id));

        var today = new DateOnly(2026, 11, 26);
        var high = RoutePreview.Plan(d, new Dictionary<string, string> { ["amount"] = "2,000,000" }, today);
        Assert.Equal([true, true, true], high.Select(s => s.Applies));
        var low = RoutePreview.Plan(d, new Dictionary<string, string> { ["amount"] = "500000" }, today);
        Assert.Equal([true, true, false], low.Select(s => s.Applies));
        var blank = RoutePreview.Plan(d, new Dictionary<string, string>(), today);
        Assert.False(blank[2].Applies);

        // A condition on a calculated field asks for what the calculation reads.
        var onCalculated = RouteEditor.UpdateStep(d, 2, s => s with { When = "doubled > 3000000" });
        Assert.Equal(["amount"], RoutePreview.Inputs(onCalculated).Select(f => f.Id));
        Assert.True(RoutePreview.Plan(onCalculated, new Dictionary<string, string> { ["amount"] = "2000000" }, today)[2].Applies);
        Assert.False(RoutePreview.Plan(onCalculated, new Dictionary<string, string> { ["amount"] = "1000000" }, today)[2].Applies);
    }
}
