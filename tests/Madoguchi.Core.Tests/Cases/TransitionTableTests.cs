using Madoguchi.Core.Cases;
using static Madoguchi.Core.Tests.Cases.CaseFixture;

namespace Madoguchi.Core.Tests.Cases;

/// <summary>
/// The full cross product of statuses × commands: every pair is either in the transition table, and then a proper
/// attempt is accepted and lands in one of the table's target statuses, or it is refused as not allowed in that
/// status, with a message in both languages that names the status, and the state untouched.
/// </summary>
public sealed class TransitionTableTests
{
    public static TheoryData<CaseStatus, CaseCommandKind> AllPairs()
    {
        var data = new TheoryData<CaseStatus, CaseCommandKind>();
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            foreach (var command in Enum.GetValues<CaseCommandKind>())
            {
                data.Add(status, command);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Every_status_and_command_pair_is_either_allowed_by_the_table_or_refused_with_a_reason(CaseStatus status, CaseCommandKind kind)
    {
        var (driver, actor, command) = Attempt(status, kind);
        Assert.Equal(status, driver.State.Status);
        Assert.Equal(kind, command.Kind);
        var before = driver.State;

        var result = driver.Try(actor, command);

        var rule = CaseTransitionTable.Find(status, kind);
        if (rule is not null)
        {
            Assert.True(result.IsAccepted, $"{kind} in {status}: {result.Refusal?.Code} {result.Refusal?.Message.En}");
            Assert.Contains(result.State.Status, rule.To);
            Assert.Equal(rule.By, actor.Kind);
            Assert.Equal(before.Version + 1, result.State.Version);
            Assert.Equal(before.History.Count + 1, result.State.History.Count);
            var transition = Assert.Single(result.Transitions);
            Assert.Same(transition, result.State.History[^1]);
            Assert.Equal(status, transition.From);
            Assert.Equal(result.State.Status, transition.To);
            Assert.Same(command, transition.Command);
            Assert.Equal(actor, transition.Actor);
            Assert.Equal(result.State.Version, transition.Version);
        }
        else
        {
            Assert.False(result.IsAccepted);
            Assert.Equal("notAllowedInState", result.Refusal!.Code);
            Assert.Contains(CaseMessages.Status(status).Ja, result.Refusal.Message.Ja, StringComparison.Ordinal);
            Assert.Contains(CaseMessages.Status(status).En!, result.Refusal.Message.En, StringComparison.Ordinal);
            Assert.StartsWith("この申請は", result.Refusal.Message.Ja, StringComparison.Ordinal);
            Assert.Same(before, result.State);
            Assert.Empty(result.Transitions);
        }
    }

    [Fact]
    public void The_table_has_twenty_rows_none_from_a_final_status_and_each_pair_once()
    {
        Assert.Equal(20, CaseTransitionTable.Rules.Count);
        Assert.Equal(20, CaseTransitionTable.Rules.Select(r => (r.From, r.Command)).Distinct().Count());
        Assert.DoesNotContain(CaseTransitionTable.Rules, r => r.From.IsFinal());
        Assert.All(CaseTransitionTable.Rules, r => Assert.NotEmpty(r.To));
        Assert.All(CaseTransitionTable.Rules, r => Assert.False(string.IsNullOrEmpty(r.Effect.En)));
    }

    [Fact]
    public void Withdraw_is_allowed_from_every_status_that_is_not_final_and_only_for_the_applicant()
    {
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            var rule = CaseTransitionTable.Find(status, CaseCommandKind.Withdraw);
            Assert.Equal(!status.IsFinal(), rule is not null);
            Assert.True(rule is null || rule.By == ActorKind.Applicant);
        }
    }

    [Fact]
    public void The_example_message_reads_naturally()
    {
        var result = CorrectionRequested().Try(Officer, new ApproveStep());

        Assert.Equal("この申請は補正中のため承認できません。申請者の再提出を待っています。", result.Refusal!.Message.Ja);
        Assert.Equal("This application is awaiting correction by the applicant, so it cannot be approved. The applicant must resubmit first.", result.Refusal.Message.En);
    }

    [Fact]
    public void Allowed_in_lists_what_a_screen_may_offer()
    {
        Assert.Equal([CaseCommandKind.Return, CaseCommandKind.Decide, CaseCommandKind.Withdraw], CaseTransitionTable.AllowedIn(CaseStatus.ReadyForDecision));
        Assert.Empty(CaseTransitionTable.AllowedIn(CaseStatus.Granted));
    }

    /// <summary>A case in <paramref name="status"/> and the proper way to try <paramref name="kind"/> there.</summary>
    private static (Driver Driver, Actor Actor, CaseCommand Command) Attempt(CaseStatus status, CaseCommandKind kind)
    {
        var driver = status switch
        {
            CaseStatus.Received => Open(),
            CaseStatus.InReview => kind switch
            {
                CaseCommandKind.Claim or CaseCommandKind.Return => AtChief(),
                CaseCommandKind.Vote => AtConsultation(),
                _ => InReview(),
            },
            CaseStatus.CorrectionRequested => CorrectionRequested(),
            CaseStatus.Resubmitted => Resubmitted(),
            CaseStatus.ReadyForDecision => ReadyForDecision(),
            CaseStatus.Granted => ReadyForDecision().Do(Chief, new Decide(CaseOutcome.Grant)),
            CaseStatus.Refused => ReadyForDecision().Do(Chief, new Decide(CaseOutcome.Refuse, "要件を満たしません。")),
            CaseStatus.Dismissed => ReadyForDecision().Do(Chief, new Decide(CaseOutcome.Dismiss, "申請期間外です。")),
            CaseStatus.Withdrawn => Open().Do(Applicant, new Withdraw()),
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };

        // Whoever would properly issue the command at this point of the route.
        var atChief = driver.State.StepIndex == 2 || status == CaseStatus.ReadyForDecision || status.IsFinal();
        (Actor, CaseCommand) attempt = kind switch
        {
            CaseCommandKind.StartReview => (Officer, new StartReview()),
            CaseCommandKind.Claim => (atChief ? Chief : Officer, new ClaimStep()),
            CaseCommandKind.Assign => (Officer, new AssignStep(Officer2)),
            CaseCommandKind.Approve => (atChief ? Chief : Officer, new ApproveStep()),
            CaseCommandKind.Vote => (Finance, new RecordVote(true)),
            CaseCommandKind.Return => (atChief ? Chief : Officer, new ReturnStep("合議をやり直してください。")),
            CaseCommandKind.RequestCorrection => (Officer, new RequestCorrection(null, [new FieldComment("amount", "金額を確認してください。")])),
            CaseCommandKind.Resubmit => (Applicant, new Resubmit()),
            CaseCommandKind.Decide => (Chief, new Decide(CaseOutcome.Grant)),
            CaseCommandKind.Withdraw => (Applicant, new Withdraw("不要になったため")),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return (driver, attempt.Item1, attempt.Item2);
    }
}
