using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Cases;

/// <summary>
/// The approval route (決裁ルート) of a procedure: the ordered steps a case goes through before a decision. It is
/// part of the procedure definition (the optional top-level <c>route</c>), so it is versioned with the procedure and
/// every case keeps the route of the version it was made with. See docs/case-handling.md.
/// </summary>
public sealed record RouteDefinition
{
    /// <summary>The steps in order. Steps with a <see cref="RouteStep.When"/> condition apply only when it holds.</summary>
    [JsonPropertyName("steps")] public IReadOnlyList<RouteStep> Steps { get; init; } = [];

    /// <summary>The decisions staff may record at the end; null means all three (grant, refuse, dismiss).</summary>
    [JsonPropertyName("outcomes")] public IReadOnlyList<CaseOutcome>? Outcomes { get; init; }

    /// <summary>
    /// Whether one person may approve only one review or approval step of a pass through the route (default true:
    /// the officer who reviewed cannot also sign off as the section chief).
    /// </summary>
    [JsonPropertyName("distinctApprovers")] public bool? DistinctApprovers { get; init; }

    /// <summary>
    /// What an applicant may change when asked for a correction (補正): only the fields the reviewer marked (default),
    /// or every answer.
    /// </summary>
    [JsonPropertyName("correctionEdits")] public CorrectionEdits? CorrectionEdits { get; init; }

    /// <summary>
    /// Whether applicants see which step their case is at (e.g. 課長決裁, 2 of 3). Default false: applicants see only
    /// the status (received, in review, correction requested, decided), never the route's internals.
    /// </summary>
    [JsonPropertyName("applicantSeesSteps")] public bool? ApplicantSeesSteps { get; init; }

    [JsonIgnore]
    public IReadOnlyList<CaseOutcome> EffectiveOutcomes => Outcomes ?? AllOutcomes;

    [JsonIgnore]
    public CorrectionEdits EffectiveCorrectionEdits => CorrectionEdits ?? Cases.CorrectionEdits.Flagged;

    [JsonIgnore]
    public bool EffectiveDistinctApprovers => DistinctApprovers ?? true;

    /// <summary>Every decision the format knows, in the order they are listed.</summary>
    public static IReadOnlyList<CaseOutcome> AllOutcomes { get; } = [CaseOutcome.Grant, CaseOutcome.Refuse, CaseOutcome.Dismiss];

    /// <summary>
    /// The route of a procedure that names none: one review step (審査) that any staff member of the tenant may take,
    /// followed by the decision.
    /// </summary>
    public static RouteDefinition Default { get; } = new()
    {
        Steps = [new RouteStep { Id = "review", Kind = StepKind.Review, Label = new LocalizedText("審査", "Review") }],
    };

    /// <summary>The route a case of this procedure follows: its own, or <see cref="Default"/>.</summary>
    public static RouteDefinition Of(ProcedureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Route ?? Default;
    }

    /// <summary>Finds a step by id in constant time (an index is built once per route instance).</summary>
    public RouteStep? FindStep(string id) =>
        StepIndexes.GetValue(this, static r => r.Steps.GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal))
            .GetValueOrDefault(id);

    // Kept outside the record so that record equality and JSON are unaffected; routes are immutable once built.
    private static readonly ConditionalWeakTable<RouteDefinition, Dictionary<string, RouteStep>> StepIndexes = new();
}

/// <summary>One step of a route: a review, an approval or a parallel consultation.</summary>
public sealed record RouteStep
{
    /// <summary>Stable id within the route (same rules as field ids); cases refer to steps by it.</summary>
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    [JsonPropertyName("kind")] public StepKind Kind { get; init; }

    /// <summary>What staff see: 担当者審査, 課長決裁, 財政課合議.</summary>
    [JsonPropertyName("label")] public LocalizedText Label { get; init; } = new("");

    /// <summary>Review and approval: the role the acting staff member must hold (e.g. "sectionChief").</summary>
    [JsonPropertyName("role")] public string? Role { get; init; }

    /// <summary>Review and approval: the department the acting staff member must belong to.</summary>
    [JsonPropertyName("department")] public string? Department { get; init; }

    /// <summary>Review and approval: named staff ids, one of whom must act.</summary>
    [JsonPropertyName("staff")] public IReadOnlyList<string>? Staff { get; init; }

    /// <summary>Consultation: the parties consulted in parallel (departments or people), each giving one opinion.</summary>
    [JsonPropertyName("assignees")] public IReadOnlyList<ConsultationParty>? Assignees { get; init; }

    /// <summary>Consultation: whether every party must agree (default) or one is enough.</summary>
    [JsonPropertyName("require")] public ConsultationRule? Require { get; init; }

    /// <summary>Consultation: what a failed consultation does (default: return to the previous step).</summary>
    [JsonPropertyName("onDisagree")] public DisagreementRule? OnDisagree { get; init; }

    /// <summary>Expression over the answers: the step applies only when it is true (e.g. <c>amount &gt; 1000000</c>).</summary>
    [JsonPropertyName("when")] public string? When { get; init; }

    /// <summary>Business days (開庁日) the step may take.</summary>
    [JsonPropertyName("dueBusinessDays")] public int? DueBusinessDays { get; init; }

    [JsonIgnore]
    public ConsultationRule EffectiveRequire => Require ?? ConsultationRule.All;

    [JsonIgnore]
    public DisagreementRule EffectiveOnDisagree => OnDisagree ?? DisagreementRule.Return;

    [JsonIgnore]
    public IReadOnlyList<ConsultationParty> Parties => Assignees ?? [];

    /// <summary>
    /// Whether a staff member may act on this step: for a review or approval, every constraint given (role,
    /// department, named staff) holds; for a consultation, they may act for at least one party. A step without any
    /// constraint (only the built-in default route) lets any staff member act.
    /// </summary>
    public bool Admits(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Kind == StepKind.Consultation
            ? Parties.Any(p => p.Admits(actor))
            : AssigneeRules.Matches(actor, Role, Department, Staff);
    }
}

/// <summary>One party of a consultation (合議先): a department, a role or named people.</summary>
public sealed record ConsultationParty
{
    /// <summary>Stable id within the step; votes are recorded against it.</summary>
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    [JsonPropertyName("label")] public LocalizedText? Label { get; init; }

    [JsonPropertyName("role")] public string? Role { get; init; }

    [JsonPropertyName("department")] public string? Department { get; init; }

    [JsonPropertyName("staff")] public IReadOnlyList<string>? Staff { get; init; }

    public bool Admits(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return AssigneeRules.Matches(actor, Role, Department, Staff);
    }
}

internal static class AssigneeRules
{
    public static bool Matches(Actor actor, string? role, string? department, IReadOnlyList<string>? staff) =>
        actor.Kind == ActorKind.Staff
        && (role is null || actor.Roles.Contains(role, StringComparer.Ordinal))
        && (department is null || actor.Departments.Contains(department, StringComparer.Ordinal))
        && (staff is not { Count: > 0 } || staff.Contains(actor.Id, StringComparer.Ordinal));
}

[JsonConverter(typeof(JsonStringEnumConverter<StepKind>))]
public enum StepKind
{
    /// <summary>審査: an officer checks the application; the only kind that may ask the applicant for a correction.</summary>
    [JsonStringEnumMemberName("review")] Review,

    /// <summary>承認・決裁: a superior signs off.</summary>
    [JsonStringEnumMemberName("approval")] Approval,

    /// <summary>合議: several departments or people give their opinion in parallel.</summary>
    [JsonStringEnumMemberName("consultation")] Consultation,
}

[JsonConverter(typeof(JsonStringEnumConverter<ConsultationRule>))]
public enum ConsultationRule
{
    /// <summary>Every party must agree; the first disagreement fails the consultation.</summary>
    [JsonStringEnumMemberName("all")] All,

    /// <summary>One agreement is enough; the consultation fails only when every party has disagreed.</summary>
    [JsonStringEnumMemberName("any")] Any,
}

[JsonConverter(typeof(JsonStringEnumConverter<DisagreementRule>))]
public enum DisagreementRule
{
    /// <summary>差戻し: back to the previous step (or the consultation starts over when it is the first step).</summary>
    [JsonStringEnumMemberName("return")] Return,

    /// <summary>不承認: the case ends as refused (the route must allow the "refuse" outcome).</summary>
    [JsonStringEnumMemberName("refuse")] Refuse,
}

[JsonConverter(typeof(JsonStringEnumConverter<CorrectionEdits>))]
public enum CorrectionEdits
{
    /// <summary>Only the fields the reviewer commented on (and any answer the new answers make required).</summary>
    [JsonStringEnumMemberName("flagged")] Flagged,

    /// <summary>Every answer may be changed.</summary>
    [JsonStringEnumMemberName("all")] All,
}

/// <summary>The decision at the end of a route. Withdrawal (取下げ) is the applicant's act, not a decision.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaseOutcome>))]
public enum CaseOutcome
{
    /// <summary>承認 (許可・交付決定).</summary>
    [JsonStringEnumMemberName("grant")] Grant,

    /// <summary>不承認: refused on the merits.</summary>
    [JsonStringEnumMemberName("refuse")] Refuse,

    /// <summary>却下: dismissed because the application does not meet formal requirements.</summary>
    [JsonStringEnumMemberName("dismiss")] Dismiss,
}
