namespace Madoguchi.Core.Cases;

/// <summary>
/// Which step is due and how long it has. Core has no business calendar here: dates are computed through the
/// caller's <c>addBusinessDays(date, n)</c>, which must return the n-th business day (開庁日) after <c>date</c>
/// (the date itself not counted, 初日不算入), for n ≥ 1.
/// </summary>
public static class CaseClock
{
    // Japan has kept standard time all year since 1951, so the offset is fixed and needs no time-zone database.
    private static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    /// <summary>The date in Japan at a UTC instant.</summary>
    public static DateOnly JapanDate(DateTime utc) => DateOnly.FromDateTime(utc + JapanOffset);

    /// <summary>
    /// The step whose clock is running (or, while the applicant corrects, stopped): the current step in review, the
    /// first step while the case waits to be started, the step that asked for the correction while it is pending.
    /// Null when the case awaits the decision or is closed (the decision has no step deadline; the case-wide
    /// 標準処理期間 still runs: <see cref="DueDate(DateTime, int, IReadOnlyList{PauseInterval}, Func{DateOnly, int, DateOnly})"/>
    /// with <see cref="CaseState.ReceivedAt"/> and <see cref="CaseState.Pauses"/>).
    /// </summary>
    public static StepDeadline? Current(RouteDefinition route, CaseState state)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(state);
        if (state.CurrentStepId is not { } stepId || route.FindStep(stepId) is not { } step)
        {
            return null;
        }

        var pauses = state.Pauses.Where(p => p.To is null || p.To > state.StepStartedAt).ToList();
        return new StepDeadline(step.Id, state.StepIndex, step.Kind, step.DueBusinessDays, state.StepStartedAt,
            state.Status == CaseStatus.CorrectionRequested, pauses);
    }

    /// <summary>
    /// The last business day of a period of <paramref name="businessDays"/> starting at <paramref name="startUtc"/>,
    /// not counting the time in <paramref name="pauses"/>: the day a pause begins still counts, and counting resumes
    /// after the day it ends. Null while a pause is still open (the date is not known until the applicant answers).
    /// </summary>
    public static DateOnly? DueDate(DateTime startUtc, int businessDays, IReadOnlyList<PauseInterval> pauses, Func<DateOnly, int, DateOnly> addBusinessDays)
    {
        ArgumentNullException.ThrowIfNull(pauses);
        ArgumentNullException.ThrowIfNull(addBusinessDays);
        ArgumentOutOfRangeException.ThrowIfNegative(businessDays);
        var from = JapanDate(startUtc);
        var remaining = businessDays;
        foreach (var pause in pauses.Where(p => p.To is null || p.To > startUtc).OrderBy(p => p.From))
        {
            if (pause.To is not { } end)
            {
                return null;
            }

            var pauseStart = JapanDate(pause.From > startUtc ? pause.From : startUtc);
            if (remaining == 0 || addBusinessDays(from, remaining) <= pauseStart)
            {
                // The period ran out before (or on the day) this pause began; later pauses cannot extend it either.
                break;
            }

            var used = 0;
            while (used < remaining && addBusinessDays(from, used + 1) <= pauseStart)
            {
                used++;
            }

            remaining -= used;
            from = JapanDate(end);
        }

        return remaining == 0 ? from : addBusinessDays(from, remaining);
    }
}

/// <summary>
/// The step whose clock runs: its id and position, how many business days it has (null: no limit set), when its clock
/// started (UTC), whether it is paused now (補正中), and the pauses since it started.
/// </summary>
public sealed record StepDeadline(
    string StepId,
    int StepIndex,
    StepKind Kind,
    int? DueBusinessDays,
    DateTime StartedAt,
    bool IsPaused,
    IReadOnlyList<PauseInterval> Pauses)
{
    /// <summary>The step's last business day, or null when it has no limit or is paused.</summary>
    public DateOnly? DueDate(Func<DateOnly, int, DateOnly> addBusinessDays) =>
        DueBusinessDays is { } days ? CaseClock.DueDate(StartedAt, days, Pauses, addBusinessDays) : null;
}
