using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Cases;
using Madoguchi.Core.Expressions;
using static Madoguchi.Core.Tests.Cases.CaseFixture;

namespace Madoguchi.Core.Tests.Cases;

public sealed class CaseMachineTests
{
    private static void AssertRefused(CaseResult result, string code)
    {
        Assert.False(result.IsAccepted, $"Expected refusal {code}, but it was accepted.");
        Assert.Equal(code, result.Refusal!.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Refusal.Message.Ja));
        Assert.False(string.IsNullOrWhiteSpace(result.Refusal.Message.En));
        Assert.Empty(result.Transitions);
    }

    [Fact]
    public void A_small_application_skips_the_director_and_is_granted_after_three_steps()
    {
        var driver = Open(Small);
        Assert.Equal(["review", "consult", "chief"], driver.State.Plan);

        driver.Do(Officer, new StartReview())
            .Do(Officer, new ApproveStep("問題ありません。"))
            .Do(Finance, new RecordVote(true))
            .Do(Legal, new RecordVote(true))
            .Do(Chief, new ApproveStep());
        Assert.Equal(CaseStatus.ReadyForDecision, driver.State.Status);
        Assert.Null(driver.State.CurrentStepId);

        driver.Do(Chief, new Decide(CaseOutcome.Grant));
        Assert.Equal(CaseStatus.Granted, driver.State.Status);
        Assert.Equal(CaseOutcome.Grant, driver.State.Outcome);
        Assert.Equal(driver.Now, driver.State.ClosedAt);
        Assert.Equal(6, driver.State.Version);
        Assert.Equal([1, 2, 3, 4, 5, 6], driver.State.History.Select(t => t.Version));
        Assert.Equal(
            [CaseStatus.Received, CaseStatus.InReview, CaseStatus.InReview, CaseStatus.InReview, CaseStatus.InReview, CaseStatus.ReadyForDecision],
            driver.State.History.Select(t => t.From));
        Assert.Equal(["review", "consult", "consult", "chief", null, null], driver.State.History.Select(t => t.ToStep));
        Assert.Equal("問題ありません。", driver.State.History[1].Comment);
    }

    [Fact]
    public void A_large_application_adds_the_director_step_whose_holder_then_decides()
    {
        var driver = AtChief(Large);
        Assert.Equal(["review", "consult", "chief", "director"], driver.State.Plan);

        driver.Do(Chief, new ApproveStep());
        Assert.Equal(CaseStatus.InReview, driver.State.Status);
        Assert.Equal("director", driver.State.CurrentStepId);

        AssertRefused(driver.Try(Chief, new ApproveStep()), "notAssignee");
        driver.Do(Director, new ApproveStep());
        Assert.Equal(CaseStatus.ReadyForDecision, driver.State.Status);

        AssertRefused(driver.Try(Chief, new Decide(CaseOutcome.Grant)), "notAssignee");
        driver.Do(Director, new Decide(CaseOutcome.Grant));
        Assert.Equal(CaseStatus.Granted, driver.State.Status);
    }

    [Theory]
    [InlineData(1_000_000, false)]
    [InlineData(1_000_001, true)]
    [InlineData(null, false)]
    public void The_director_step_applies_only_above_one_million(int? amount, bool director)
    {
        var state = Open(CaseFixture.Answers(amount)).State;

        Assert.Equal(director, state.Plan.Contains("director"));
        Assert.Equal(["review", "consult", "chief"], state.Plan.Take(3));
    }

    [Fact]
    public void A_condition_that_fails_to_evaluate_keeps_its_step()
    {
        var route = Route with { Steps = [.. Route.Steps.Take(3), Route.Steps[3] with { When = "amount / 0 > 1" }] };

        Assert.Contains("director", Open(Small, route: route).State.Plan);
    }

    [Fact]
    public void Resubmission_recomputes_the_conditional_steps_from_the_new_answers()
    {
        var driver = CorrectionRequested();
        Assert.DoesNotContain("director", driver.State.Plan);

        driver.Answers = Large;
        driver.Do(Applicant, new Resubmit("金額を訂正しました。"));
        Assert.Equal(CaseStatus.Resubmitted, driver.State.Status);
        Assert.Contains("director", driver.State.Plan);

        driver.Answers = Small;
        driver.Do(Officer, new StartReview());
        Assert.Contains("director", driver.State.Plan); // fixed until the next resubmission
        Assert.Equal(0, driver.State.StepIndex);
    }

    [Fact]
    public void Conditions_are_fixed_when_the_case_opens_not_re_read_on_each_command()
    {
        var driver = InReview(Small);
        driver.Answers = Large;
        driver.Do(Officer, new ApproveStep()).Do(Finance, new RecordVote(true)).Do(Legal, new RecordVote(true)).Do(Chief, new ApproveStep());

        Assert.Equal(CaseStatus.ReadyForDecision, driver.State.Status);
    }

    [Fact]
    public void Resubmission_voids_earlier_approvals_and_review_restarts_at_the_first_step()
    {
        var driver = AtChief().Do(Chief, new ReturnStep("再確認を")).Do(Finance, new RecordVote(true)).Do(Legal, new RecordVote(true));
        driver.Do(Chief, new ReturnStep("補正が必要")).Do(Finance, new RecordVote(false, "金額に疑義"));
        Assert.Equal("review", driver.State.CurrentStepId);

        driver.Do(Officer, new RequestCorrection("金額の根拠を添付してください。", []))
            .Do(Applicant, new Resubmit());
        Assert.Empty(driver.State.Approvals);
        Assert.Null(driver.State.Handler);

        driver.Do(Officer2, new StartReview());
        Assert.Equal("review", driver.State.CurrentStepId);
        Assert.Equal("u-officer2", driver.State.Handler);
    }

    [Fact]
    public void Staff_cannot_handle_or_approve_their_own_application()
    {
        var own = Open(applicantId: "u-officer");
        AssertRefused(own.Try(Officer, new StartReview()), "selfApproval");
        AssertRefused(own.Try(Officer, new ClaimStep()), "selfApproval");
        own.Do(Officer2, new StartReview());
        AssertRefused(own.Try(Officer2, new AssignStep(Officer)), "assigneeIsApplicant");

        var chiefs = Open(applicantId: "u-chief").Do(Officer, new StartReview()).Do(Officer, new ApproveStep())
            .Do(Finance, new RecordVote(true)).Do(Legal, new RecordVote(true));
        AssertRefused(chiefs.Try(Chief, new ApproveStep()), "selfApproval");
        Assert.Equal("chief", chiefs.State.CurrentStepId);
    }

    [Fact]
    public void A_staff_member_who_applied_may_still_withdraw_as_the_applicant()
    {
        var own = Open(applicantId: "u-officer").Do(Officer2, new StartReview());

        own.Do(Actor.Applicant("u-officer"), new Withdraw());
        Assert.Equal(CaseStatus.Withdrawn, own.State.Status);
    }

    [Fact]
    public void Only_those_named_by_the_step_may_act_on_it()
    {
        AssertRefused(Open().Try(Outsider, new StartReview()), "notAssignee");
        AssertRefused(Open().Try(Chief, new StartReview()), "notAssignee");
        AssertRefused(InReview().Try(Chief, new ApproveStep()), "notAssignee");
        AssertRefused(AtChief().Try(Officer, new ApproveStep()), "notAssignee");
        AssertRefused(AtChief().Try(Director, new ApproveStep()), "notAssignee");
        AssertRefused(ReadyForDecision().Try(Officer, new Decide(CaseOutcome.Grant)), "notAssignee");
        AssertRefused(AtChief().Try(Officer, new ReturnStep("x")), "notAssignee");
    }

    [Fact]
    public void Named_staff_steps_admit_only_those_people()
    {
        var route = Route with { Steps = [Route.Steps[0] with { Role = null, Department = null, Staff = ["u-officer2"] }] };
        var driver = Open(route: route);

        AssertRefused(driver.Try(Officer, new StartReview()), "notAssignee");
        driver.Do(Officer2, new StartReview());
    }

    [Fact]
    public void Once_a_step_has_a_handler_only_they_may_act_on_it()
    {
        var driver = InReview();
        AssertRefused(driver.Try(Officer2, new ApproveStep()), "assignedToOther");
        AssertRefused(driver.Try(Officer2, new ClaimStep()), "assignedToOther");
        AssertRefused(driver.Try(Officer2, new RequestCorrection("x", [])), "assignedToOther");
        AssertRefused(driver.Try(Officer, new ClaimStep()), "alreadyHandler");

        driver.Do(Officer, new AssignStep(Officer2));
        Assert.Equal("u-officer2", driver.State.Handler);
        Assert.Equal("u-officer2", driver.State.History[^1].Comment);
        AssertRefused(driver.Try(Officer, new ApproveStep()), "assignedToOther");
        driver.Do(Officer2, new ApproveStep());
    }

    [Fact]
    public void Assignment_checks_the_assignee()
    {
        var driver = InReview();

        AssertRefused(driver.Try(Officer, new AssignStep(Chief)), "assigneeNotEligible");
        AssertRefused(driver.Try(Officer, new AssignStep(Actor.Applicant("a-2"))), "assigneeNotStaff");
        AssertRefused(driver.Try(Officer, new AssignStep(Officer)), "alreadyHandler");
        AssertRefused(driver.Try(Outsider, new AssignStep(Officer2)), "notAssignee");
        AssertRefused(AtConsultation().Try(Finance, new AssignStep(Finance2)), "consultationStep");
    }

    [Fact]
    public void A_case_can_be_assigned_before_review_starts_and_then_only_the_assignee_starts_it()
    {
        var driver = Open().Do(Officer, new AssignStep(Officer2));
        Assert.Equal(CaseStatus.Received, driver.State.Status);

        AssertRefused(driver.Try(Officer, new StartReview()), "assignedToOther");
        driver.Do(Officer2, new StartReview());
        Assert.Equal("u-officer2", driver.State.Handler);
    }

    [Fact]
    public void Steps_cannot_be_skipped()
    {
        var driver = InReview();

        AssertRefused(driver.Try(Officer, new ApproveStep { StepId = "chief" }), "stepMismatch");
        AssertRefused(driver.Try(Officer, new RecordVote(true) { StepId = "consult" }), "stepMismatch");
        AssertRefused(driver.Try(Officer, new Decide(CaseOutcome.Grant)), "notAllowedInState");
        driver.Do(Officer, new ApproveStep { StepId = "review" });
        Assert.Equal("consult", driver.State.CurrentStepId);
        AssertRefused(driver.Try(Chief, new ApproveStep()), "consultationStep");
    }

    [Fact]
    public void One_person_cannot_approve_two_steps_unless_the_route_allows_it()
    {
        var both = Actor.Staff("u-both", ["officer", "chief"], ["welfare"]);
        var route = Route with { Steps = [Route.Steps[0], Route.Steps[2]] };

        var strict = Open(route: route).Do(both, new StartReview()).Do(both, new ApproveStep());
        AssertRefused(strict.Try(both, new ApproveStep()), "sameApprover");
        AssertRefused(strict.Try(both, new ClaimStep()), "sameApprover");
        AssertRefused(strict.Try(Chief, new AssignStep(both)), "sameApprover");
        strict.Do(Chief, new ApproveStep());

        var relaxed = Open(route: route with { DistinctApprovers = false }).Do(both, new StartReview()).Do(both, new ApproveStep());
        relaxed.Do(both, new ApproveStep());
        Assert.Equal(CaseStatus.ReadyForDecision, relaxed.State.Status);
    }

    [Fact]
    public void After_a_return_the_same_person_may_approve_their_step_again()
    {
        var driver = AtConsultation().Do(Finance, new RecordVote(false, "予算の確認が必要"));
        Assert.Equal("review", driver.State.CurrentStepId);
        Assert.Equal("u-officer", driver.State.Handler);
        Assert.Empty(driver.State.Approvals);

        driver.Do(Officer, new ApproveStep());
        Assert.Equal("consult", driver.State.CurrentStepId);
    }

    [Fact]
    public void Return_goes_back_one_step_voids_its_approval_and_needs_a_reason()
    {
        var driver = AtChief();
        AssertRefused(driver.Try(Chief, new ReturnStep("  ")), "commentRequired");
        driver.Do(Chief, new ReturnStep("財政課の意見を再確認"));
        Assert.Equal(CaseStatus.InReview, driver.State.Status);
        Assert.Equal("consult", driver.State.CurrentStepId);
        Assert.Empty(driver.State.Votes);
        Assert.Null(driver.State.Handler);

        driver.Do(Finance, new RecordVote(true)).Do(Legal, new RecordVote(true)).Do(Chief, new ApproveStep());
        Assert.Equal(CaseStatus.ReadyForDecision, driver.State.Status);

        driver.Do(Chief, new ReturnStep("決裁をやり直す"));
        Assert.Equal("chief", driver.State.CurrentStepId);
        Assert.Equal("u-chief", driver.State.Handler);
        Assert.DoesNotContain(driver.State.Approvals, a => a.StepId == "chief");
        Assert.Contains(driver.State.Approvals, a => a.StepId == "review");

        AssertRefused(InReview().Try(Officer, new ReturnStep("x")), "firstStep");
    }

    [Fact]
    public void Corrections_are_asked_at_review_steps_with_something_to_correct()
    {
        AssertRefused(AtChief().Try(Chief, new RequestCorrection("x", [])), "notReviewStep");
        AssertRefused(AtConsultation().Try(Finance, new RequestCorrection("x", [])), "notReviewStep");
        AssertRefused(InReview().Try(Officer, new RequestCorrection(" ", [])), "emptyCorrection");
        AssertRefused(InReview().Try(Officer, new RequestCorrection(null, [new FieldComment("amount", " ")])), "blankFieldComment");

        var driver = InReview().Do(Officer, new RequestCorrection("書類を追加してください。", [new FieldComment("amount", "根拠を")]) { ReplyBy = new DateOnly(2026, 4, 20) });
        var correction = driver.State.Correction!;
        Assert.Equal("review", correction.StepId);
        Assert.Equal("u-officer", correction.RequestedBy);
        Assert.Equal([new FieldComment("amount", "根拠を")], correction.Fields);
        Assert.Equal(new DateOnly(2026, 4, 20), correction.ReplyBy);
        Assert.Null(correction.ResubmittedAt);
        Assert.Equal(new PauseInterval(driver.Now, null), Assert.Single(driver.State.Pauses));
        Assert.Equal("書類を追加してください。", driver.State.History[^1].Comment);

        driver.Do(Applicant, new Resubmit());
        Assert.Equal(driver.Now, driver.State.Correction!.ResubmittedAt);
        Assert.Equal(driver.Now, Assert.Single(driver.State.Pauses).To);
    }

    [Fact]
    public void Applicant_commands_come_from_the_applicant_and_staff_commands_from_staff()
    {
        AssertRefused(CorrectionRequested().Try(Officer, new Resubmit()), "notApplicant");
        AssertRefused(CorrectionRequested().Try(Actor.Applicant("a-2"), new Resubmit()), "notApplicant");
        AssertRefused(Open().Try(Actor.Applicant("a-2"), new Withdraw()), "notApplicant");
        AssertRefused(Open().Try(Officer, new Withdraw()), "notApplicant");
        AssertRefused(Open().Try(Applicant, new StartReview()), "notStaff");
        AssertRefused(InReview().Try(Applicant, new ApproveStep()), "notStaff");
        AssertRefused(AtConsultation().Try(Applicant, new RecordVote(true)), "notStaff");

        // An applicant without an account (receipt number and access code) is whoever the caller authenticated.
        Open(applicantId: null).Do(Actor.Applicant("receipt:ABCD-EFGH-J"), new Withdraw());
    }

    public static TheoryData<string> NonFinalStatuses() => new("received", "inReview", "correctionRequested", "resubmitted", "readyForDecision");

    [Theory]
    [MemberData(nameof(NonFinalStatuses))]
    public void The_applicant_can_withdraw_from_every_status_that_is_not_final(string status)
    {
        var driver = status switch
        {
            "received" => Open(),
            "inReview" => AtChief(),
            "correctionRequested" => CorrectionRequested(),
            "resubmitted" => Resubmitted(),
            _ => ReadyForDecision(),
        };
        var version = driver.State.Version;

        driver.Do(Applicant, new Withdraw("別の制度を利用します"));

        Assert.Equal(CaseStatus.Withdrawn, driver.State.Status);
        Assert.Equal(version + 1, driver.State.Version);
        Assert.Equal(driver.Now, driver.State.ClosedAt);
        Assert.Null(driver.State.Handler);
        Assert.Equal("別の制度を利用します", driver.State.History[^1].Comment);
        Assert.All(driver.State.Pauses, p => Assert.NotNull(p.To));
        AssertRefused(driver.Try(Applicant, new Withdraw()), "notAllowedInState");
    }

    [Fact]
    public void Decisions_follow_the_routes_outcomes_and_refusals_need_a_reason()
    {
        AssertRefused(ReadyForDecision().Try(Chief, new Decide(CaseOutcome.Refuse)), "reasonRequired");
        AssertRefused(ReadyForDecision().Try(Chief, new Decide(CaseOutcome.Dismiss, " ")), "reasonRequired");

        var driver = ReadyForDecision().Do(Chief, new Decide(CaseOutcome.Dismiss, "申請期間外"));
        Assert.Equal(CaseStatus.Dismissed, driver.State.Status);
        Assert.Equal(CaseOutcome.Dismiss, driver.State.Outcome);

        var grantOnly = Route with { Outcomes = [CaseOutcome.Grant] };
        var limited = Open(route: grantOnly).Do(Officer, new StartReview()).Do(Officer, new ApproveStep())
            .Do(Finance, new RecordVote(true)).Do(Legal, new RecordVote(true)).Do(Chief, new ApproveStep());
        var refused = limited.Try(Chief, new Decide(CaseOutcome.Refuse, "理由"));
        AssertRefused(refused, "outcomeNotAllowed");
        Assert.Contains("承認", refused.Refusal!.Message.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_accepted_command_adds_one_to_the_version_and_a_refusal_changes_nothing()
    {
        var driver = Open();
        Assert.Equal(0, driver.State.Version);
        Assert.Empty(driver.State.History);

        driver.Do(Officer, new StartReview());
        Assert.Equal(1, driver.State.Version);
        driver.Do(Officer, new AssignStep(Officer2));
        Assert.Equal(2, driver.State.Version);

        var before = driver.State;
        var refused = driver.Try(Officer, new ApproveStep());
        Assert.Same(before, refused.State);
        Assert.Equal(2, refused.State.Version);

        driver.Do(Officer2, new ApproveStep()).Do(Finance, new RecordVote(true));
        Assert.Equal(4, driver.State.Version);
        Assert.Equal(CaseStatus.InReview, driver.State.History[^1].From);
        Assert.Equal(CaseStatus.InReview, driver.State.History[^1].To);
    }

    [Fact]
    public void The_default_route_has_one_review_step_any_staff_member_may_take()
    {
        var root = JsonNode.Parse(ProcedureJson)!.AsObject();
        root.Remove("route");
        var definition = Parse(root.ToJsonString());
        Assert.Null(definition.Route);
        var route = RouteDefinition.Of(definition);
        Assert.Same(RouteDefinition.Default, route);

        var driver = Open(route: route);
        Assert.Equal(["review"], driver.State.Plan);
        AssertRefused(driver.Try(Applicant, new StartReview()), "notStaff");
        driver.Do(Outsider, new StartReview()).Do(Outsider, new ApproveStep());
        Assert.Equal(CaseStatus.ReadyForDecision, driver.State.Status);
        driver.Do(Chief, new Decide(CaseOutcome.Refuse, "対象外"));
        Assert.Equal(CaseStatus.Refused, driver.State.Status);
    }

    [Fact]
    public void Open_refuses_a_route_whose_every_step_is_conditional_and_apply_a_route_that_lacks_a_planned_step()
    {
        var conditional = Route with { Steps = [Route.Steps[3]] };
        Assert.Throws<ArgumentException>(() => CaseMachine.Open(conditional, null, T0, Small));

        var state = Open().State;
        var other = Route with { Steps = [Route.Steps[0]] };
        Assert.Throws<ArgumentException>(() => CaseMachine.Apply(other, state, new StartReview(), Officer, T0, Small));
    }

    [Fact]
    public void The_state_with_its_history_round_trips_through_json()
    {
        var driver = AtChief().Do(Chief, new ReturnStep("再確認")).Do(Finance, new RecordVote(true) { PartyId = "finance" });
        driver.Do(Legal, new RecordVote(false, "要検討"));
        driver.Do(Officer, new RequestCorrection("x", [new FieldComment("amount", "y")]) { ReplyBy = new DateOnly(2026, 5, 1) })
            .Do(Applicant, new Resubmit()).Do(Officer, new AssignStep(Officer2));

        var json = JsonSerializer.Serialize(driver.State);
        var back = JsonSerializer.Deserialize<CaseState>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(back));
        Assert.Contains("\"type\":\"vote\"", json, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"resubmitted\"", json, StringComparison.Ordinal);
        Assert.IsType<AssignStep>(back.History[^1].Command);
        Assert.Equal(driver.State.History.Select(h => h.Command), back.History.Select(h => h.Command), new CommandComparer());

        // The restored state carries on exactly like the original.
        var next = CaseMachine.Apply(Route, back, new StartReview(), Officer2, T0.AddDays(3), Small);
        Assert.True(next.IsAccepted);
        Assert.Equal(driver.State.Version + 1, next.State.Version);
    }

    [Fact]
    public void Planner_lists_applicable_steps_for_a_preview()
    {
        var steps = RoutePlanner.Applicable(Route, new ExprEnvironment(Large, new DateOnly(2026, 4, 6)));

        Assert.Equal(["担当者審査", "財政課・法務課合議", "課長決裁", "部長決裁"], steps.Select(s => s.Label.Ja));
    }

    private sealed class CommandComparer : IEqualityComparer<CaseCommand>
    {
        public bool Equals(CaseCommand? x, CaseCommand? y) => JsonSerializer.Serialize(x) == JsonSerializer.Serialize(y);

        public int GetHashCode(CaseCommand obj) => obj.Kind.GetHashCode();
    }
}
