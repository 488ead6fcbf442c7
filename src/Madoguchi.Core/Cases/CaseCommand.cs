using System.Text.Json.Serialization;

namespace Madoguchi.Core.Cases;

/// <summary>The kinds of command, one per <see cref="CaseCommand"/> subtype (the columns of the transition table).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaseCommandKind>))]
public enum CaseCommandKind
{
    [JsonStringEnumMemberName("startReview")] StartReview,
    [JsonStringEnumMemberName("claim")] Claim,
    [JsonStringEnumMemberName("assign")] Assign,
    [JsonStringEnumMemberName("approve")] Approve,
    [JsonStringEnumMemberName("vote")] Vote,
    [JsonStringEnumMemberName("return")] Return,
    [JsonStringEnumMemberName("requestCorrection")] RequestCorrection,
    [JsonStringEnumMemberName("resubmit")] Resubmit,
    [JsonStringEnumMemberName("decide")] Decide,
    [JsonStringEnumMemberName("withdraw")] Withdraw,
}

/// <summary>Something a staff member or the applicant asks to do with a case. Serializes with a "type" discriminator.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(StartReview), "startReview")]
[JsonDerivedType(typeof(ClaimStep), "claim")]
[JsonDerivedType(typeof(AssignStep), "assign")]
[JsonDerivedType(typeof(ApproveStep), "approve")]
[JsonDerivedType(typeof(RecordVote), "vote")]
[JsonDerivedType(typeof(ReturnStep), "return")]
[JsonDerivedType(typeof(RequestCorrection), "requestCorrection")]
[JsonDerivedType(typeof(Resubmit), "resubmit")]
[JsonDerivedType(typeof(Decide), "decide")]
[JsonDerivedType(typeof(Withdraw), "withdraw")]
public abstract record CaseCommand
{
    [JsonIgnore]
    public abstract CaseCommandKind Kind { get; }
}

/// <summary>審査開始: take a received (or resubmitted) case into its first step; the actor becomes its handler.</summary>
public sealed record StartReview : CaseCommand
{
    [JsonIgnore]
    public override CaseCommandKind Kind => CaseCommandKind.StartReview;
}

/// <summary>担当: the actor takes the current (or, before review, the first) review or approval step.</summary>
public sealed record ClaimStep : CaseCommand
{
    [JsonIgnore]
    public override CaseCommandKind Kind => CaseCommandKind.Claim;
}

/// <summary>割当て: hand the current (or first) review or approval step to another eligible staff member.</summary>
public sealed record AssignStep([property: JsonPropertyName("assignee")] Actor Assignee) : CaseCommand
{
    [JsonIgnore]
    public override CaseCommandKind Kind => CaseCommandKind.Assign;
}

/// <summary>
/// 承認: sign off the current review or approval step; the case moves to the next applicable step, or to
/// <see cref="CaseStatus.ReadyForDecision"/> after the last. <see cref="StepId"/>, when given, must name the current
/// step (guards against a stale screen approving a step the case has already left).
/// </summary>
public sealed record ApproveStep([property: JsonPropertyName("comment")] string? Comment = null) : CaseCommand
{
    [JsonPropertyName("stepId")] public string? StepId { get; init; }

    [JsonIgnore]
    public override CaseCommandKind Kind => CaseCommandKind.Approve;
}

/// <summary>合議の意見: agree or disagree at the current consultation step, for <see cref="PartyId"/> (optional when the
/// actor belongs to exactly one party that has not yet answered).</summary>
public sealed record RecordVote(
    [property: JsonPropertyName("agree")] bool Agree,
    [property: JsonPropertyName("comment")] string? Comment = null) : CaseCommand
{
    [JsonPropertyName("partyId")] public string? PartyId { get; init; }

    [JsonPropertyName("stepId")] public string? StepId { get; init; }

    [JsonIgnore]
    public override CaseCommandKind Kind => CaseCommandKind.Vote;
}

/// <summary>差戻し: send the case back to the previous applicable step (its approval is voided); a reason is required.</summary>
public sealed record ReturnStep([property: JsonPropertyName("comment")] string Comment) : CaseCommand
{
    [JsonIgnore]
    public override CaseCommandKind Kind => CaseCommandKind.Return;
}

/// <summary>補正の求め: return the application to the applicant with an overall message and/or per-field comments.</summary>
public sealed record RequestCorrection(
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("fields")] IReadOnlyList<FieldComment> Fields) : CaseCommand
{
    /// <summary>補正期限 shown to the applicant (a date in Japan), if any.</summary>
    [JsonPropertyName("replyBy")] public DateOnly? ReplyBy { get; init; }

    [JsonIgnore]
    public override CaseCommandKind Kind => CaseCommandKind.RequestCorrection;
}

/// <summary>再提出: the applicant sends the corrected application back; the route is recomputed from the new answers.</summary>
public sealed record Resubmit([property: JsonPropertyName("comment")] string? Comment = null) : CaseCommand
{
    [JsonIgnore]
    public override CaseCommandKind Kind => CaseCommandKind.Resubmit;
}

/// <summary>決定: record the decision once every step is approved. Refusal and dismissal need a reason (理由の提示).</summary>
public sealed record Decide(
    [property: JsonPropertyName("outcome")] CaseOutcome Outcome,
    [property: JsonPropertyName("comment")] string? Comment = null) : CaseCommand
{
    [JsonIgnore]
    public override CaseCommandKind Kind => CaseCommandKind.Decide;
}

/// <summary>取下げ: the applicant withdraws the application, from any status that is not final.</summary>
public sealed record Withdraw([property: JsonPropertyName("reason")] string? Reason = null) : CaseCommand
{
    [JsonIgnore]
    public override CaseCommandKind Kind => CaseCommandKind.Withdraw;
}
