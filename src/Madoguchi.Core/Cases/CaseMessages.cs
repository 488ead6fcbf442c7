using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Cases;

/// <summary>Every text the case rules show people, in Japanese and English, with the refusal codes.</summary>
public static class CaseMessages
{
    /// <summary>The status as staff and applicants see it.</summary>
    public static LocalizedText Status(CaseStatus status) => status switch
    {
        CaseStatus.Received => new("受付済み", "received"),
        CaseStatus.InReview => new("審査中", "in review"),
        CaseStatus.CorrectionRequested => new("補正中", "awaiting correction by the applicant"),
        CaseStatus.Resubmitted => new("再提出済み", "resubmitted"),
        CaseStatus.ReadyForDecision => new("決定待ち", "awaiting the decision"),
        CaseStatus.Granted => new("承認済み", "granted"),
        CaseStatus.Refused => new("不承認", "refused"),
        CaseStatus.Dismissed => new("却下", "dismissed"),
        CaseStatus.Withdrawn => new("取下げ済み", "withdrawn"),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The command's name on buttons and in the audit log.</summary>
    public static LocalizedText Command(CaseCommandKind command) => command switch
    {
        CaseCommandKind.StartReview => new("審査開始", "start review"),
        CaseCommandKind.Claim => new("担当する", "claim"),
        CaseCommandKind.Assign => new("担当者の割当て", "assign"),
        CaseCommandKind.Approve => new("承認", "approve"),
        CaseCommandKind.Vote => new("合議の意見", "consultation opinion"),
        CaseCommandKind.Return => new("差戻し", "return to the previous step"),
        CaseCommandKind.RequestCorrection => new("補正の求め", "request a correction"),
        CaseCommandKind.Resubmit => new("再提出", "resubmit"),
        CaseCommandKind.Decide => new("決定", "decide"),
        CaseCommandKind.Withdraw => new("取下げ", "withdraw"),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
    };

    /// <summary>The command's JSON name (the "type" discriminator).</summary>
    public static string CommandCode(CaseCommandKind command) => command switch
    {
        CaseCommandKind.StartReview => "startReview",
        CaseCommandKind.Claim => "claim",
        CaseCommandKind.Assign => "assign",
        CaseCommandKind.Approve => "approve",
        CaseCommandKind.Vote => "vote",
        CaseCommandKind.Return => "return",
        CaseCommandKind.RequestCorrection => "requestCorrection",
        CaseCommandKind.Resubmit => "resubmit",
        CaseCommandKind.Decide => "decide",
        CaseCommandKind.Withdraw => "withdraw",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
    };

    public static LocalizedText Outcome(CaseOutcome outcome) => outcome switch
    {
        CaseOutcome.Grant => new("承認", "grant"),
        CaseOutcome.Refuse => new("不承認", "refuse"),
        CaseOutcome.Dismiss => new("却下", "dismiss"),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static LocalizedText StepKindName(StepKind kind) => kind switch
    {
        StepKind.Review => new("審査", "review"),
        StepKind.Approval => new("承認（決裁）", "approval"),
        StepKind.Consultation => new("合議", "consultation"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    // 「この申請は補正中のため承認できません」: the status, then what cannot be done in it.
    private static (string Ja, string En) Cannot(CaseCommandKind command) => command switch
    {
        CaseCommandKind.StartReview => ("審査を開始できません", "its review cannot be started"),
        CaseCommandKind.Claim => ("担当できません", "it cannot be claimed"),
        CaseCommandKind.Assign => ("担当者を割り当てられません", "it cannot be assigned"),
        CaseCommandKind.Approve => ("承認できません", "it cannot be approved"),
        CaseCommandKind.Vote => ("合議の意見を記録できません", "no consultation opinion can be recorded"),
        CaseCommandKind.Return => ("差し戻せません", "it cannot be returned to a previous step"),
        CaseCommandKind.RequestCorrection => ("補正を求められません", "no correction can be requested"),
        CaseCommandKind.Resubmit => ("再提出できません", "it cannot be resubmitted"),
        CaseCommandKind.Decide => ("決定できません", "no decision can be recorded"),
        CaseCommandKind.Withdraw => ("取り下げられません", "it cannot be withdrawn"),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
    };

    internal static CaseRefusal NotAllowed(CaseStatus status, CaseCommandKind command)
    {
        var (ja, en) = Cannot(command);
        var s = Status(status);
        var why = status switch
        {
            _ when status.IsFinal() => ("処理は既に終了しています。", " The case is closed."),
            CaseStatus.ReadyForDecision when command == CaseCommandKind.Approve => ("すべての段階が承認済みです。決定してください。", " Every step is approved; record the decision."),
            CaseStatus.Received or CaseStatus.InReview or CaseStatus.Resubmitted when command == CaseCommandKind.Decide =>
                ("すべての段階の承認が済むまで決定できません。", " All steps must be approved before a decision."),
            CaseStatus.Received or CaseStatus.Resubmitted when command is CaseCommandKind.Approve or CaseCommandKind.Vote or CaseCommandKind.RequestCorrection or CaseCommandKind.Return =>
                ("先に審査を開始してください。", " Start the review first."),
            CaseStatus.CorrectionRequested when command != CaseCommandKind.Withdraw => ("申請者の再提出を待っています。", " The applicant must resubmit first."),
            _ => ("", ""),
        };
        return new("notAllowedInState", new($"この申請は{s.Ja}のため{ja}。{why.Item1}", $"This application is {s.En}, so {en}.{why.Item2}"));
    }

    internal static CaseRefusal NotStaff() =>
        new("notStaff", new("この操作は職員だけが行えます。", "Only staff can do this."));

    internal static CaseRefusal NotApplicant() =>
        new("notApplicant", new("この操作は申請者本人だけが行えます。", "Only the applicant can do this."));

    internal static CaseRefusal SelfApproval() =>
        new("selfApproval", new("ご自身の申請を審査・決裁することはできません。", "You cannot handle or approve your own application."));

    internal static CaseRefusal NotAssignee(RouteStep step) =>
        new("notAssignee", new(
            $"あなたは段階「{step.Label.Ja}」の担当（役職・部署・職員の指定）に含まれていません。",
            $"You are not among those who may act on step \"{En(step.Label)}\" (its role, department or named staff)."));

    internal static CaseRefusal NotPartyMember(RouteStep step, ConsultationParty party) =>
        new("notAssignee", new(
            $"あなたは段階「{step.Label.Ja}」の合議先「{PartyName(party).Ja}」に含まれていません。",
            $"You do not belong to consultation party \"{PartyName(party).En}\" of step \"{En(step.Label)}\"."));

    internal static CaseRefusal AssignedToOther(RouteStep step, string handler) =>
        new("assignedToOther", new(
            $"段階「{step.Label.Ja}」は別の職員（{handler}）が担当しています。担当の付け替えが必要です。",
            $"Step \"{En(step.Label)}\" is assigned to another staff member ({handler}); it must be reassigned first."));

    internal static CaseRefusal AlreadyHandler(RouteStep step, string handler) =>
        new("alreadyHandler", new(
            $"段階「{step.Label.Ja}」は既に{handler}が担当しています。",
            $"Step \"{En(step.Label)}\" is already assigned to {handler}."));

    internal static CaseRefusal SameApprover(RouteStep approvedStep) =>
        new("sameApprover", new(
            $"同じ職員が2つの段階を承認することはできません（段階「{approvedStep.Label.Ja}」を承認済みです）。",
            $"One person cannot approve two steps (already approved step \"{En(approvedStep.Label)}\")."));

    internal static CaseRefusal StepMismatch(RouteStep current, string requested) =>
        new("stepMismatch", new(
            $"現在の段階は「{current.Label.Ja}」です。段階「{requested}」は操作できません（段階は飛ばせず、終わった段階には戻れません）。",
            $"The current step is \"{En(current.Label)}\"; step \"{requested}\" cannot be acted on (steps cannot be skipped or revisited)."));

    internal static CaseRefusal ConsultationStep(RouteStep step) =>
        new("consultationStep", new(
            $"段階「{step.Label.Ja}」は合議のため、各合議先が同意・不同意を記録します。",
            $"Step \"{En(step.Label)}\" is a consultation: each party records agreement or disagreement."));

    internal static CaseRefusal NotConsultationStep(RouteStep step) =>
        new("notConsultationStep", new(
            $"段階「{step.Label.Ja}」は合議ではないため、合議の意見は記録できません。",
            $"Step \"{En(step.Label)}\" is not a consultation, so no consultation opinion can be recorded."));

    internal static CaseRefusal NotReviewStep(RouteStep step) =>
        new("notReviewStep", new(
            $"補正は審査の段階でだけ求められます（現在は「{step.Label.Ja}」）。審査の段階へ差し戻してください。",
            $"Corrections can only be requested at a review step (the current step is \"{En(step.Label)}\"); return the case to the review step."));

    internal static CaseRefusal FirstStep(RouteStep step) =>
        new("firstStep", new(
            $"段階「{step.Label.Ja}」は最初の段階のため、差し戻す先がありません。",
            $"Step \"{En(step.Label)}\" is the first step; there is no earlier step to return to."));

    internal static CaseRefusal UnknownParty(RouteStep step, string partyId) =>
        new("unknownParty", new(
            $"段階「{step.Label.Ja}」に合議先「{partyId}」はありません。",
            $"Step \"{En(step.Label)}\" has no consultation party \"{partyId}\"."));

    internal static CaseRefusal AmbiguousParty(RouteStep step) =>
        new("ambiguousParty", new(
            $"あなたは段階「{step.Label.Ja}」の複数の合議先に該当します。どの合議先として意見を記録するか指定してください。",
            $"You belong to several parties of step \"{En(step.Label)}\"; say which party you answer for."));

    internal static CaseRefusal AlreadyVoted(RouteStep step, ConsultationParty? party) =>
        new("alreadyVoted", party is null
            ? new($"段階「{step.Label.Ja}」では既に意見を記録しています（1人1回）。", $"You have already given your opinion at step \"{En(step.Label)}\" (one per person).")
            : new($"合議先「{PartyName(party).Ja}」の意見は既に記録されています。", $"Party \"{PartyName(party).En}\" has already given its opinion."));

    internal static CaseRefusal CommentRequired() =>
        new("commentRequired", new("差し戻す理由を入力してください。", "Give the reason for returning the case."));

    internal static CaseRefusal EmptyCorrection() =>
        new("emptyCorrection", new("補正を求める内容（全体へのコメントか項目ごとのコメント）を入力してください。", "Say what needs correcting (an overall message or comments on fields)."));

    internal static CaseRefusal BlankFieldComment() =>
        new("blankFieldComment", new("項目ごとのコメントには、項目とコメントの両方を指定してください。", "Each field comment needs both a field and a comment."));

    internal static CaseRefusal OutcomeNotAllowed(CaseOutcome outcome, IReadOnlyList<CaseOutcome> allowed) =>
        new("outcomeNotAllowed", new(
            $"この手続では「{Outcome(outcome).Ja}」の決定はできません（できるもの：{string.Join("、", allowed.Select(o => Outcome(o).Ja))}）。",
            $"This procedure does not allow the decision \"{Outcome(outcome).En}\" (allowed: {string.Join(", ", allowed.Select(o => Outcome(o).En))})."));

    internal static CaseRefusal ReasonRequired(CaseOutcome outcome) =>
        new("reasonRequired", new(
            $"「{Outcome(outcome).Ja}」とする理由を入力してください（申請者に理由を示す必要があります）。",
            $"Give the reason for the decision \"{Outcome(outcome).En}\" (the applicant must be told why)."));

    internal static CaseRefusal AssigneeNotStaff() =>
        new("assigneeNotStaff", new("担当者には職員を指定してください。", "Only a staff member can be assigned."));

    internal static CaseRefusal AssigneeIsApplicant() =>
        new("assigneeIsApplicant", new("申請者本人を担当者にすることはできません。", "The applicant cannot be assigned to their own application."));

    internal static CaseRefusal AssigneeNotEligible(RouteStep step, string assignee) =>
        new("assigneeNotEligible", new(
            $"{assignee}は段階「{step.Label.Ja}」の担当（役職・部署・職員の指定）に含まれていません。",
            $"{assignee} is not among those who may act on step \"{En(step.Label)}\" (its role, department or named staff)."));

    internal static CaseRefusal AssigneeAlreadyApproved(RouteStep approvedStep, string assignee) =>
        new("sameApprover", new(
            $"{assignee}は段階「{approvedStep.Label.Ja}」を承認済みのため、別の段階を担当できません。",
            $"{assignee} already approved step \"{En(approvedStep.Label)}\" and cannot take another step."));

    private static LocalizedText PartyName(ConsultationParty party) =>
        party.Label is { } label ? new(label.Ja, En(label)) : new(party.Id, party.Id);

    private static string En(LocalizedText text) => string.IsNullOrEmpty(text.En) ? text.Ja : text.En;
}
