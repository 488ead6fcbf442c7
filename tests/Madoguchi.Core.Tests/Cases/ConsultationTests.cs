using Madoguchi.Core.Cases;
using static Madoguchi.Core.Tests.Cases.CaseFixture;

namespace Madoguchi.Core.Tests.Cases;

/// <summary>合議: parallel opinions, "all" and "any", and what a failed consultation does.</summary>
public sealed class ConsultationTests
{
    private static RouteDefinition WithConsultation(ConsultationRule require, DisagreementRule? onDisagree = null, bool first = false)
    {
        var consult = Route.Steps[1] with { Require = require, OnDisagree = onDisagree };
        return Route with { Steps = first ? [consult, Route.Steps[2]] : [Route.Steps[0], consult, Route.Steps[2]] };
    }

    private static Driver AtConsultation(RouteDefinition route) =>
        Open(route: route).Do(Officer, new StartReview()).Do(Officer, new ApproveStep());

    private static void AssertRefused(CaseResult result, string code)
    {
        Assert.False(result.IsAccepted);
        Assert.Equal(code, result.Refusal!.Code);
    }

    [Fact]
    public void All_waits_for_every_party_then_moves_on()
    {
        var driver = AtConsultation(WithConsultation(ConsultationRule.All));

        driver.Do(Legal, new RecordVote(true, "問題なし"));
        Assert.Equal("consult", driver.State.CurrentStepId);
        var vote = Assert.Single(driver.State.Votes);
        Assert.Equal(("legal", "u-legal", true, "問題なし"), (vote.PartyId, vote.ActorId, vote.Agree, vote.Comment));

        driver.Do(Finance, new RecordVote(true));
        Assert.Equal("chief", driver.State.CurrentStepId);
        Assert.Empty(driver.State.Votes);
        Assert.Equal(2, driver.State.History.Count(t => t.Command is RecordVote));
    }

    [Fact]
    public void All_fails_on_the_first_disagreement_and_returns_to_the_previous_step_by_default()
    {
        var driver = AtConsultation(WithConsultation(ConsultationRule.All));

        driver.Do(Finance, new RecordVote(false, "予算超過"));

        Assert.Equal(CaseStatus.InReview, driver.State.Status);
        Assert.Equal("review", driver.State.CurrentStepId);
        Assert.Equal("u-officer", driver.State.Handler);
        Assert.Equal("予算超過", driver.State.History[^1].Comment);
        Assert.Equal(("consult", "review"), (driver.State.History[^1].FromStep, driver.State.History[^1].ToStep));
    }

    [Fact]
    public void A_disagreement_refuses_the_case_when_the_step_says_so()
    {
        var driver = AtConsultation(WithConsultation(ConsultationRule.All, DisagreementRule.Refuse));

        driver.Do(Finance, new RecordVote(true)).Do(Legal, new RecordVote(false, "法令に適合しない"));

        Assert.Equal(CaseStatus.Refused, driver.State.Status);
        Assert.Equal(CaseOutcome.Refuse, driver.State.Outcome);
        Assert.Equal(driver.Now, driver.State.ClosedAt);
        Assert.Equal(2, driver.State.Votes.Count);
    }

    [Fact]
    public void Any_moves_on_with_the_first_agreement()
    {
        var driver = AtConsultation(WithConsultation(ConsultationRule.Any));

        driver.Do(Finance, new RecordVote(false));
        Assert.Equal("consult", driver.State.CurrentStepId);
        driver.Do(Legal, new RecordVote(true));
        Assert.Equal("chief", driver.State.CurrentStepId);
    }

    [Fact]
    public void Any_fails_only_when_every_party_disagrees()
    {
        var driver = AtConsultation(WithConsultation(ConsultationRule.Any, DisagreementRule.Refuse));

        driver.Do(Finance, new RecordVote(false));
        Assert.Equal(CaseStatus.InReview, driver.State.Status);
        driver.Do(Legal, new RecordVote(false));
        Assert.Equal(CaseStatus.Refused, driver.State.Status);
    }

    [Fact]
    public void A_failed_consultation_at_the_first_step_starts_over()
    {
        var driver = Open(route: WithConsultation(ConsultationRule.All, first: true)).Do(Finance, new StartReview());
        Assert.Null(driver.State.Handler);

        driver.Do(Finance, new RecordVote(false));

        Assert.Equal("consult", driver.State.CurrentStepId);
        Assert.Empty(driver.State.Votes);
        driver.Do(Finance, new RecordVote(true)).Do(Legal, new RecordVote(true));
        Assert.Equal("chief", driver.State.CurrentStepId);
    }

    [Fact]
    public void Each_party_answers_once_and_each_person_once()
    {
        var driver = AtConsultation(WithConsultation(ConsultationRule.All)).Do(Finance, new RecordVote(true));

        AssertRefused(driver.Try(Finance2, new RecordVote(true)), "alreadyVoted");
        AssertRefused(driver.Try(Finance, new RecordVote(true) { PartyId = "finance" }), "alreadyVoted");

        var both = Actor.Staff("u-both", [], ["finance", "legal"]);
        AssertRefused(driver.Try(both, new RecordVote(true) { PartyId = "finance" }), "alreadyVoted");
        driver.Do(both, new RecordVote(true));
        Assert.Equal("chief", driver.State.CurrentStepId);
    }

    [Fact]
    public void A_member_of_several_parties_must_say_which_one_they_answer_for()
    {
        var both = Actor.Staff("u-both", [], ["finance", "legal"]);
        var driver = AtConsultation(WithConsultation(ConsultationRule.All));

        AssertRefused(driver.Try(both, new RecordVote(true)), "ambiguousParty");
        driver.Do(both, new RecordVote(true) { PartyId = "legal" });
        AssertRefused(driver.Try(both, new RecordVote(true) { PartyId = "finance" }), "alreadyVoted");
        Assert.Equal("consult", driver.State.CurrentStepId);
    }

    [Fact]
    public void Only_members_of_a_party_may_answer_for_it()
    {
        var driver = AtConsultation(WithConsultation(ConsultationRule.All));

        AssertRefused(driver.Try(Officer, new RecordVote(true)), "notAssignee");
        AssertRefused(driver.Try(Finance, new RecordVote(true) { PartyId = "legal" }), "notAssignee");
        AssertRefused(driver.Try(Finance, new RecordVote(true) { PartyId = "audit" }), "unknownParty");
        AssertRefused(driver.Try(Finance, new ClaimStep()), "consultationStep");
        AssertRefused(driver.Try(Finance, new ApproveStep()), "consultationStep");
        AssertRefused(InReview().Try(Officer, new RecordVote(true)), "notConsultationStep");
    }

    [Fact]
    public void A_party_member_may_return_the_case_from_the_consultation()
    {
        var driver = AtConsultation(WithConsultation(ConsultationRule.All)).Do(Finance, new RecordVote(true));

        driver.Do(Legal, new ReturnStep("資料が不足しています"));

        Assert.Equal("review", driver.State.CurrentStepId);
        Assert.Empty(driver.State.Votes);
    }
}
