using Madoguchi.Core.Calendar;

namespace Madoguchi.Core.Cases;

/// <summary>
/// What the staff inbox filters on, worked out from a case: the step being worked on or waited for, its handler, who
/// the step admits, and the due dates. The host stores these next to the case (denormalised) on every accepted command
/// so that "my tasks", "my department", "due soon" and "overdue" are plain indexed queries.
/// </summary>
/// <param name="StepId">The current step (for a case awaiting the decision: null).</param>
/// <param name="HandlerId">The handler of the current step (担当者), if claimed or assigned.</param>
/// <param name="Departments">Department codes the current step admits (a review or approval step's department, every
/// consultation party's); for a case awaiting the decision, those of the last applicable step (who decides).</param>
/// <param name="Roles">Role codes the current step admits, in the same way.</param>
/// <param name="PartyKeys">At a consultation step, one key per party that has not answered yet (and per named person
/// of such a party): <c>role|department|staff</c>, with <c>*</c> for a constraint the party does not set. A staff
/// member belongs to a waiting party when one of <see cref="CaseIndex.KeysFor"/> is among them.</param>
/// <param name="StepDueDate">The current step's last business day; null when it has no limit, while the applicant
/// holds the case (補正), awaiting the decision or closed.</param>
/// <param name="ProcessingDueDate">The last day of the 標準処理期間 from the receipt, 補正 time not counted; null when
/// the procedure sets none, while the applicant holds the case, or when closed.</param>
public sealed record CaseIndexFacts(
    string? StepId,
    string? HandlerId,
    IReadOnlyList<string> Departments,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> PartyKeys,
    DateOnly? StepDueDate,
    DateOnly? ProcessingDueDate)
{
    /// <summary>The earlier of the two due dates, if any.</summary>
    public DateOnly? EarliestDueDate => (StepDueDate, ProcessingDueDate) switch
    {
        ({ } a, { } b) => a < b ? a : b,
        ({ } a, null) => a,
        (null, var b) => b,
    };
}

public static class CaseIndex
{
    private const string Any = "*";

    /// <summary>The inbox facts of a case under <paramref name="route"/>, with deadlines counted in <paramref name="calendar"/>'s 開庁日.</summary>
    public static CaseIndexFacts Of(RouteDefinition route, CaseState state, int? processingDays, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(calendar);
        if (state.IsFinal)
        {
            return new CaseIndexFacts(null, null, [], [], [], null, null);
        }

        var stepId = state.CurrentStepId;
        var step = stepId is null
            ? (state.Status == CaseStatus.ReadyForDecision && state.Plan.Count > 0 ? route.FindStep(state.Plan[^1]) : null)
            : route.FindStep(stepId);
        var departments = new List<string>();
        var roles = new List<string>();
        var partyKeys = new List<string>();
        if (step is not null)
        {
            if (step.Kind == StepKind.Consultation)
            {
                foreach (var party in step.Parties)
                {
                    AddCode(departments, party.Department);
                    AddCode(roles, party.Role);
                    // Opinions are recorded only while the case is in review at this step.
                    var waiting = state.Status == CaseStatus.InReview && !state.Votes.Any(v => v.StepId == step.Id && v.PartyId == party.Id);
                    if (waiting)
                    {
                        foreach (var person in party.Staff is { Count: > 0 } staff ? staff : [Any])
                        {
                            var key = Key(party.Role ?? Any, party.Department ?? Any, person);
                            if (!partyKeys.Contains(key))
                            {
                                partyKeys.Add(key);
                            }
                        }
                    }
                }
            }
            else
            {
                AddCode(departments, step.Department);
                AddCode(roles, step.Role);
            }
        }

        DateOnly? stepDue = CaseClock.Current(route, state) is { DueBusinessDays: not null } current
            ? current.DueDate(calendar.AddBusinessDays)
            : null;
        return new CaseIndexFacts(stepId, state.Handler, departments, roles, partyKeys, stepDue, ProcessingDueDate(state, processingDays, calendar));
    }

    /// <summary>
    /// 標準処理期間: <paramref name="processingDays"/> business days from the receipt date, the days the applicant held
    /// the case for 補正 not counted (the back-office case page shows the same date). Null while a correction is pending.
    /// </summary>
    public static DateOnly? ProcessingDueDate(CaseState state, int? processingDays, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(calendar);
        if (processingDays is not { } days || state.IsFinal)
        {
            return null;
        }

        var received = CaseClock.JapanDate(state.ReceivedAt);
        var receipt = calendar.ReceiptDate(received);

        // A pause that began before the receipt date (a case received on a Saturday and returned the same day) counts
        // from the receipt date.
        var pauses = state.Pauses
            .Select(p => (From: Max(CaseClock.JapanDate(p.From), receipt), To: p.To is { } to ? Max(CaseClock.JapanDate(to), receipt) : (DateOnly?)null))
            .ToList();
        return calendar.DeadlineWithPauses(received, days, pauses);
    }

    /// <summary>
    /// The party keys a staff member matches (see <see cref="CaseIndexFacts.PartyKeys"/>): every combination of one
    /// of their roles or <c>*</c>, their department or <c>*</c>, and their id or <c>*</c>.
    /// </summary>
    public static IReadOnlyList<string> KeysFor(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var keys = new List<string>();
        foreach (var role in actor.Roles.Append(Any).Distinct(StringComparer.Ordinal))
        {
            foreach (var department in actor.Departments.Append(Any).Distinct(StringComparer.Ordinal))
            {
                keys.Add(Key(role, department, actor.Id));
                keys.Add(Key(role, department, Any));
            }
        }

        return keys;
    }

    /// <summary>Codes joined for storage as <c> a b c </c>, so that a code matches with a plain substring search for <c> a </c>.</summary>
    public static string? Join(IReadOnlyList<string> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        return codes.Count == 0 ? null : " " + string.Join(' ', codes) + " ";
    }

    /// <summary>The instant a due date has passed: 00:00 in Japan on the following day, as UTC.</summary>
    public static DateTime EndOfJapanDay(DateOnly date) =>
        DateTime.SpecifyKind(date.AddDays(1).ToDateTime(TimeOnly.MinValue).AddHours(-9), DateTimeKind.Utc);

    /// <summary>The due date back from <see cref="EndOfJapanDay"/>.</summary>
    public static DateOnly DueDateOf(DateTime endOfDayUtc) => CaseClock.JapanDate(endOfDayUtc.AddTicks(-1));

    private static string Key(string role, string department, string staff) => role + "|" + department + "|" + staff;

    private static void AddCode(List<string> codes, string? code)
    {
        if (!string.IsNullOrWhiteSpace(code) && !codes.Contains(code, StringComparer.Ordinal))
        {
            codes.Add(code);
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
