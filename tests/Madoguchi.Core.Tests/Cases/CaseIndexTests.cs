using Madoguchi.Core.Calendar;
using Madoguchi.Core.Cases;
using Madoguchi.Core.Expressions;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Cases;

public sealed class CaseIndexTests
{
    private static readonly RouteDefinition Route = new()
    {
        Steps =
        [
            new RouteStep { Id = "review", Kind = StepKind.Review, Label = new LocalizedText("審査"), Department = "welfare", DueBusinessDays = 2 },
            new RouteStep
            {
                Id = "consult", Kind = StepKind.Consultation, Label = new LocalizedText("合議"),
                Assignees =
                [
                    new ConsultationParty { Id = "fin", Department = "finance" },
                    new ConsultationParty { Id = "legal", Role = "counsel", Staff = ["staff:a", "staff:b"] },
                ],
            },
        ],
    };

    private static readonly IExprValues NoAnswers = ExprEnvironment.From(new Dictionary<string, ExprValue>(), new DateOnly(2026, 11, 20)).Values;

    private static readonly Actor Officer = Actor.Staff("staff:o", ["staff"], ["welfare"]);

    // Friday 20 November 2026, 10:00 JST.
    private static readonly DateTime Friday = new(2026, 11, 20, 1, 0, 0, DateTimeKind.Utc);

    private static CaseState Open() => CaseMachine.Open(Route, null, Friday, NoAnswers);

    [Fact]
    public void Step_due_date_skips_the_weekend_and_a_holiday()
    {
        var facts = CaseIndex.Of(Route, Open(), 10, BusinessCalendar.Standard);
        Assert.Equal("review", facts.StepId);
        Assert.Equal(["welfare"], facts.Departments);
        Assert.Empty(facts.PartyKeys); // not a consultation

        // Two business days after Friday the 20th: Monday the 23rd is 勤労感謝の日, so Tuesday 24th and Wednesday 25th.
        Assert.Equal(new DateOnly(2026, 11, 25), facts.StepDueDate);
        Assert.Equal(BusinessCalendar.Standard.Deadline(new DateOnly(2026, 11, 20), 10), facts.ProcessingDueDate);
        Assert.Equal(facts.StepDueDate, facts.EarliestDueDate);
        Assert.Equal(new DateTime(2026, 11, 25, 15, 0, 0, DateTimeKind.Utc), CaseIndex.EndOfJapanDay(facts.StepDueDate!.Value));
        Assert.Equal(new DateOnly(2026, 11, 25), CaseIndex.DueDateOf(CaseIndex.EndOfJapanDay(new DateOnly(2026, 11, 25))));
    }

    [Fact]
    public void A_waiting_consultation_lists_its_unanswered_parties_and_a_correction_stops_the_clocks()
    {
        var state = CaseMachine.Apply(Route, Open(), new StartReview(), Officer, Friday, NoAnswers).State;
        Assert.Equal("staff:o", CaseIndex.Of(Route, state, 10, BusinessCalendar.Standard).HandlerId);

        var corrected = CaseMachine.Apply(Route, state, new RequestCorrection("補正してください", []), Officer, Friday.AddHours(1), NoAnswers).State;
        var paused = CaseIndex.Of(Route, corrected, 10, BusinessCalendar.Standard);
        Assert.Null(paused.StepDueDate);
        Assert.Null(paused.ProcessingDueDate);

        var atConsultation = CaseMachine.Apply(Route, state, new ApproveStep(), Officer, Friday.AddHours(1), NoAnswers).State;
        var facts = CaseIndex.Of(Route, atConsultation, null, BusinessCalendar.Standard);
        Assert.Equal("consult", facts.StepId);
        Assert.Equal(["*|finance|*", "counsel|*|staff:a", "counsel|*|staff:b"], facts.PartyKeys);
        Assert.Null(facts.ProcessingDueDate);

        var finance = Actor.Staff("staff:f", ["staff"], ["finance"]);
        Assert.Contains(CaseIndex.KeysFor(finance), k => facts.PartyKeys.Contains(k));
        Assert.DoesNotContain(CaseIndex.KeysFor(Officer), k => facts.PartyKeys.Contains(k));
        Assert.Contains(CaseIndex.KeysFor(Actor.Staff("staff:a", ["counsel"])), k => facts.PartyKeys.Contains(k));
        Assert.DoesNotContain(CaseIndex.KeysFor(Actor.Staff("staff:c", ["counsel"])), k => facts.PartyKeys.Contains(k));

        var voted = CaseMachine.Apply(Route, atConsultation, new RecordVote(true), finance, Friday.AddHours(2), NoAnswers).State;
        Assert.Equal(["counsel|*|staff:a", "counsel|*|staff:b"], CaseIndex.Of(Route, voted, null, BusinessCalendar.Standard).PartyKeys);
    }

    [Fact]
    public void Final_cases_have_no_step_and_no_due_dates_and_codes_join_for_substring_matching()
    {
        var withdrawn = CaseMachine.Apply(Route, Open(), new Withdraw(), Actor.Applicant("a"), Friday, NoAnswers).State;
        var facts = CaseIndex.Of(Route, withdrawn, 10, BusinessCalendar.Standard);
        Assert.Null(facts.StepId);
        Assert.Null(facts.HandlerId);
        Assert.Null(facts.EarliestDueDate);
        Assert.Empty(facts.Departments);
        Assert.Null(CaseIndex.Join([]));
        Assert.Equal(" a b ", CaseIndex.Join(["a", "b"]));
    }
}
