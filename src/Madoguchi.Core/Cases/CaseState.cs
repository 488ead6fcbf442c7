using System.Text.Json.Serialization;

namespace Madoguchi.Core.Cases;

/// <summary>Where a case stands. The last four are final: nothing changes them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaseStatus>))]
public enum CaseStatus
{
    /// <summary>受付: submitted, review not started.</summary>
    [JsonStringEnumMemberName("received")] Received,

    /// <summary>審査中: at a step of the route (<see cref="CaseState.StepIndex"/>).</summary>
    [JsonStringEnumMemberName("inReview")] InReview,

    /// <summary>補正中: returned to the applicant for a correction; the clock is paused.</summary>
    [JsonStringEnumMemberName("correctionRequested")] CorrectionRequested,

    /// <summary>再提出: the applicant answered the correction request; review restarts from the first step.</summary>
    [JsonStringEnumMemberName("resubmitted")] Resubmitted,

    /// <summary>決定待ち: every step approved; the decision may be recorded.</summary>
    [JsonStringEnumMemberName("readyForDecision")] ReadyForDecision,

    /// <summary>承認 (final).</summary>
    [JsonStringEnumMemberName("granted")] Granted,

    /// <summary>不承認 (final).</summary>
    [JsonStringEnumMemberName("refused")] Refused,

    /// <summary>却下 (final).</summary>
    [JsonStringEnumMemberName("dismissed")] Dismissed,

    /// <summary>取下げ (final).</summary>
    [JsonStringEnumMemberName("withdrawn")] Withdrawn,
}

public static class CaseStatusExtensions
{
    public static bool IsFinal(this CaseStatus status) =>
        status is CaseStatus.Granted or CaseStatus.Refused or CaseStatus.Dismissed or CaseStatus.Withdrawn;
}

/// <summary>
/// A case (one application's handling) as an immutable value. <see cref="CaseMachine.Apply"/> is the only way to move
/// it; the caller stores the result and checks <see cref="Version"/> for optimistic concurrency (it goes up by one on
/// every accepted command). It serializes to JSON and reads back unchanged.
/// </summary>
public sealed record CaseState
{
    [JsonPropertyName("status")] public CaseStatus Status { get; init; }

    /// <summary>0 when opened, +1 on every accepted command.</summary>
    [JsonPropertyName("version")] public int Version { get; init; }

    /// <summary>
    /// The applicant's id when known: their account id, or their staff id when a staff member applies themselves.
    /// Staff cannot act on a case whose applicant id is their own; applicant commands must come from this id.
    /// </summary>
    [JsonPropertyName("applicantId")] public string? ApplicantId { get; init; }

    /// <summary>The ids of the steps that apply to this case, in order, computed from the answers when the case is
    /// opened and again on every resubmission (conditional steps are fixed between those points).</summary>
    [JsonPropertyName("plan")] public IReadOnlyList<string> Plan { get; init; } = [];

    /// <summary>Index into <see cref="Plan"/> of the current step (0 before review starts, Plan.Count when ready for decision).</summary>
    [JsonPropertyName("stepIndex")] public int StepIndex { get; init; }

    /// <summary>The staff member handling the current review or approval step (担当者), if claimed or assigned.</summary>
    [JsonPropertyName("handler")] public string? Handler { get; init; }

    /// <summary>The approvals standing in this pass (voided by a return to their step or by a resubmission).</summary>
    [JsonPropertyName("approvals")] public IReadOnlyList<StepApproval> Approvals { get; init; } = [];

    /// <summary>Opinions recorded at the current consultation step.</summary>
    [JsonPropertyName("votes")] public IReadOnlyList<ConsultationVote> Votes { get; init; } = [];

    /// <summary>The latest correction request (open while <see cref="CaseStatus.CorrectionRequested"/>).</summary>
    [JsonPropertyName("correction")] public CorrectionRequest? Correction { get; init; }

    /// <summary>Intervals during which the clock stood still (補正中); the last is open while a correction is pending.</summary>
    [JsonPropertyName("pauses")] public IReadOnlyList<PauseInterval> Pauses { get; init; } = [];

    /// <summary>When the application was received (UTC).</summary>
    [JsonPropertyName("receivedAt")] public DateTime ReceivedAt { get; init; }

    /// <summary>When the current step's clock started (UTC): receipt or resubmission for the first step, else entry to the step.</summary>
    [JsonPropertyName("stepStartedAt")] public DateTime StepStartedAt { get; init; }

    /// <summary>The decision, once made (also set when a consultation refuses the case).</summary>
    [JsonPropertyName("outcome")] public CaseOutcome? Outcome { get; init; }

    /// <summary>When the case reached a final status (UTC).</summary>
    [JsonPropertyName("closedAt")] public DateTime? ClosedAt { get; init; }

    /// <summary>Every accepted command, oldest first (the audit trail).</summary>
    [JsonPropertyName("history")] public IReadOnlyList<CaseTransition> History { get; init; } = [];

    [JsonIgnore]
    public bool IsFinal => Status.IsFinal();

    /// <summary>The id of the step being worked on or waited for (null when ready for decision or final).</summary>
    [JsonIgnore]
    public string? CurrentStepId => Status is CaseStatus.Received or CaseStatus.InReview or CaseStatus.CorrectionRequested or CaseStatus.Resubmitted
        && StepIndex >= 0 && StepIndex < Plan.Count ? Plan[StepIndex] : null;
}

/// <summary>A review or approval step signed off.</summary>
public sealed record StepApproval(
    [property: JsonPropertyName("stepId")] string StepId,
    [property: JsonPropertyName("actorId")] string ActorId,
    [property: JsonPropertyName("at")] DateTime At);

/// <summary>One party's opinion at a consultation step (合議: 同意 / 不同意).</summary>
public sealed record ConsultationVote(
    [property: JsonPropertyName("stepId")] string StepId,
    [property: JsonPropertyName("partyId")] string PartyId,
    [property: JsonPropertyName("actorId")] string ActorId,
    [property: JsonPropertyName("agree")] bool Agree,
    [property: JsonPropertyName("at")] DateTime At,
    [property: JsonPropertyName("comment")] string? Comment);

/// <summary>What a reviewer asks the applicant to correct (補正), overall and per field.</summary>
public sealed record CorrectionRequest
{
    [JsonPropertyName("stepId")] public string StepId { get; init; } = "";

    [JsonPropertyName("requestedBy")] public string RequestedBy { get; init; } = "";

    [JsonPropertyName("requestedAt")] public DateTime RequestedAt { get; init; }

    [JsonPropertyName("message")] public string? Message { get; init; }

    [JsonPropertyName("fields")] public IReadOnlyList<FieldComment> Fields { get; init; } = [];

    /// <summary>補正期限, if the reviewer set one (a date in Japan).</summary>
    [JsonPropertyName("replyBy")] public DateOnly? ReplyBy { get; init; }

    /// <summary>When the applicant resubmitted (UTC); null while the request is open.</summary>
    [JsonPropertyName("resubmittedAt")] public DateTime? ResubmittedAt { get; init; }
}

/// <summary>A reviewer's comment on one answer (the field id as in the procedure definition).</summary>
public sealed record FieldComment(
    [property: JsonPropertyName("fieldId")] string FieldId,
    [property: JsonPropertyName("comment")] string Comment);

/// <summary>A stretch of time that does not count towards deadlines (UTC); <see cref="To"/> is null while it lasts.</summary>
public sealed record PauseInterval(
    [property: JsonPropertyName("from")] DateTime From,
    [property: JsonPropertyName("to")] DateTime? To);

/// <summary>
/// One accepted command, for the audit log: the status and step before and after, who did it, when and why.
/// A command that changes nothing but the record (an opinion short of a result, a claim) has From = To.
/// </summary>
public sealed record CaseTransition(
    [property: JsonPropertyName("from")] CaseStatus From,
    [property: JsonPropertyName("to")] CaseStatus To,
    [property: JsonPropertyName("fromStep")] string? FromStep,
    [property: JsonPropertyName("toStep")] string? ToStep,
    [property: JsonPropertyName("command")] CaseCommand Command,
    [property: JsonPropertyName("actor")] Actor Actor,
    [property: JsonPropertyName("at")] DateTime At,
    [property: JsonPropertyName("comment")] string? Comment,
    [property: JsonPropertyName("version")] int Version);
