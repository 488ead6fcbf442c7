using System.Text;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Cases;

/// <summary>
/// One allowed (status, command) pair: the statuses it can lead to, who may issue it and what it does. Any pair not
/// in <see cref="CaseTransitionTable.Rules"/> is refused with <c>notAllowedInState</c>; an allowed pair may still be
/// refused by the rules of the step (who may act, separation of duties, required reasons).
/// </summary>
public sealed record TransitionRule(CaseStatus From, CaseCommandKind Command, IReadOnlyList<CaseStatus> To, ActorKind By, LocalizedText Effect);

/// <summary>The whole state machine as data: every allowed transition, nothing implicit.</summary>
public static class CaseTransitionTable
{
    private static readonly CaseStatus[] NonFinal =
        [CaseStatus.Received, CaseStatus.InReview, CaseStatus.CorrectionRequested, CaseStatus.Resubmitted, CaseStatus.ReadyForDecision];

    public static IReadOnlyList<TransitionRule> Rules { get; } =
    [
        Staff(CaseStatus.Received, CaseCommandKind.StartReview, [CaseStatus.InReview],
            "最初の段階の審査を始める（開始した職員が担当者になる）", "Starts the first step (the actor becomes its handler)"),
        Staff(CaseStatus.Received, CaseCommandKind.Claim, [CaseStatus.Received],
            "最初の段階の担当者になる", "Takes the first step before review starts"),
        Staff(CaseStatus.Received, CaseCommandKind.Assign, [CaseStatus.Received],
            "最初の段階の担当者を割り当てる", "Assigns the first step before review starts"),
        Staff(CaseStatus.InReview, CaseCommandKind.Claim, [CaseStatus.InReview],
            "現在の段階の担当者になる", "Takes the current step"),
        Staff(CaseStatus.InReview, CaseCommandKind.Assign, [CaseStatus.InReview],
            "現在の段階の担当者を割り当てる（付け替え）", "Assigns (or reassigns) the current step"),
        Staff(CaseStatus.InReview, CaseCommandKind.Approve, [CaseStatus.InReview, CaseStatus.ReadyForDecision],
            "現在の段階を承認し、次の該当段階へ（最後の段階なら決定待ち）", "Approves the current step; moves to the next applicable step, or to awaiting decision after the last"),
        Staff(CaseStatus.InReview, CaseCommandKind.Vote, [CaseStatus.InReview, CaseStatus.ReadyForDecision, CaseStatus.Refused],
            "合議先として同意・不同意を記録（成立で次へ、不成立で差戻しまたは不承認）", "Records a consultation opinion; when the consultation is settled the case moves on, is returned, or is refused"),
        Staff(CaseStatus.InReview, CaseCommandKind.Return, [CaseStatus.InReview],
            "前の段階へ差し戻す（その承認は取り消される）", "Returns the case to the previous step (its approval is voided)"),
        Staff(CaseStatus.InReview, CaseCommandKind.RequestCorrection, [CaseStatus.CorrectionRequested],
            "申請者に補正を求める（審査段階のみ。期間の計算は停止）", "Asks the applicant for a correction (review steps only; the clock pauses)"),
        Applicant(CaseStatus.CorrectionRequested, CaseCommandKind.Resubmit, [CaseStatus.Resubmitted],
            "補正して再提出する（ルートを回答から再計算し、最初の段階からやり直す）", "Resubmits the corrected application (the route is recomputed; review restarts from the first step)"),
        Staff(CaseStatus.Resubmitted, CaseCommandKind.StartReview, [CaseStatus.InReview],
            "再提出された申請の審査を最初の段階から始める", "Restarts review at the first step"),
        Staff(CaseStatus.Resubmitted, CaseCommandKind.Claim, [CaseStatus.Resubmitted],
            "最初の段階の担当者になる", "Takes the first step before review restarts"),
        Staff(CaseStatus.Resubmitted, CaseCommandKind.Assign, [CaseStatus.Resubmitted],
            "最初の段階の担当者を割り当てる", "Assigns the first step before review restarts"),
        Staff(CaseStatus.ReadyForDecision, CaseCommandKind.Return, [CaseStatus.InReview],
            "最後の段階へ差し戻す", "Returns the case to the last step"),
        Staff(CaseStatus.ReadyForDecision, CaseCommandKind.Decide, [CaseStatus.Granted, CaseStatus.Refused, CaseStatus.Dismissed],
            "承認・不承認・却下を決定する（不承認・却下は理由が必要）", "Records the decision: grant, refuse or dismiss (a reason is required to refuse or dismiss)"),
        .. NonFinal.Select(from => Applicant(from, CaseCommandKind.Withdraw, [CaseStatus.Withdrawn],
            "申請者が取り下げる", "The applicant withdraws the application")),
    ];

    private static readonly Dictionary<(CaseStatus, CaseCommandKind), TransitionRule> Index =
        Rules.ToDictionary(r => (r.From, r.Command));

    /// <summary>The rule for a pair, or null when the command is never allowed in that status.</summary>
    public static TransitionRule? Find(CaseStatus from, CaseCommandKind command) => Index.GetValueOrDefault((from, command));

    /// <summary>The commands allowed in a status (what a screen may offer).</summary>
    public static IReadOnlyList<CaseCommandKind> AllowedIn(CaseStatus status) =>
        [.. Rules.Where(r => r.From == status).Select(r => r.Command)];

    /// <summary>The table in Markdown, as docs/case-handling.md shows it (a test holds the two equal).</summary>
    public static string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("| from | command | to | by | effect |\n|---|---|---|---|---|\n");
        foreach (var rule in Rules)
        {
            text.Append("| ").Append(Name(rule.From))
                .Append(" | `").Append(CaseMessages.CommandCode(rule.Command)).Append("` ")
                .Append(CaseMessages.Command(rule.Command).Ja)
                .Append(" | ").Append(string.Join(", ", rule.To.Select(Name)))
                .Append(" | ").Append(rule.By == ActorKind.Staff ? "staff 職員" : "applicant 申請者")
                .Append(" | ").Append(rule.Effect.Ja).Append(" / ").Append(rule.Effect.En)
                .Append(" |\n");
        }

        return text.ToString();

        static string Name(CaseStatus status) => $"{status} {CaseMessages.Status(status).Ja}";
    }

    private static TransitionRule Staff(CaseStatus from, CaseCommandKind command, CaseStatus[] to, string ja, string en) =>
        new(from, command, to, ActorKind.Staff, new LocalizedText(ja, en));

    private static TransitionRule Applicant(CaseStatus from, CaseCommandKind command, CaseStatus[] to, string ja, string en) =>
        new(from, command, to, ActorKind.Applicant, new LocalizedText(ja, en));
}
