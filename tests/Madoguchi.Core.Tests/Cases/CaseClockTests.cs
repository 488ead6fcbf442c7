using Madoguchi.Core.Cases;
using static Madoguchi.Core.Tests.Cases.CaseFixture;

namespace Madoguchi.Core.Tests.Cases;

public sealed class CaseClockTests
{
    /// <summary>A stand-in calendar: Monday to Friday are business days (the real one lives elsewhere).</summary>
    private static DateOnly Weekdays(DateOnly date, int days)
    {
        var d = date;
        while (days > 0)
        {
            d = d.AddDays(1);
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                days--;
            }
        }

        return d;
    }

    // 2026-04-06 is a Monday; 00:30 UTC is 09:30 in Japan.
    private static DateTime Jst(int month, int day, int hour = 10) => new DateTime(2026, month, day, hour, 0, 0, DateTimeKind.Utc).AddHours(-9);

    [Fact]
    public void Japan_date_is_nine_hours_ahead_of_utc()
    {
        Assert.Equal(new DateOnly(2026, 4, 6), CaseClock.JapanDate(new DateTime(2026, 4, 5, 15, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateOnly(2026, 4, 5), CaseClock.JapanDate(new DateTime(2026, 4, 5, 14, 59, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void A_received_case_runs_the_first_steps_clock_from_receipt()
    {
        var state = Open().State;

        var due = CaseClock.Current(Route, state)!;

        Assert.Equal(("review", 0, StepKind.Review, 5, T0, false), (due.StepId, due.StepIndex, due.Kind, due.DueBusinessDays, due.StartedAt, due.IsPaused));
        Assert.Equal(new DateOnly(2026, 4, 13), due.DueDate(Weekdays));
    }

    [Fact]
    public void Starting_review_keeps_the_first_steps_clock_and_each_later_step_starts_its_own()
    {
        var driver = InReview();
        Assert.Equal(T0, CaseClock.Current(Route, driver.State)!.StartedAt);

        driver.Do(Officer, new ApproveStep());
        var due = CaseClock.Current(Route, driver.State)!;
        Assert.Equal(("consult", 1, StepKind.Consultation, 5), (due.StepId, due.StepIndex, due.Kind, due.DueBusinessDays));
        Assert.Equal(driver.Now, due.StartedAt);
    }

    [Fact]
    public void The_clock_is_paused_while_the_applicant_corrects_and_the_first_step_restarts_on_resubmission()
    {
        var driver = CorrectionRequested();
        var paused = CaseClock.Current(Route, driver.State)!;
        Assert.True(paused.IsPaused);
        Assert.Null(paused.DueDate(Weekdays));
        Assert.Null(CaseClock.DueDate(driver.State.ReceivedAt, 10, driver.State.Pauses, Weekdays));

        driver.Advance(TimeSpan.FromDays(7)).Do(Applicant, new Resubmit());
        var restarted = CaseClock.Current(Route, driver.State)!;
        Assert.False(restarted.IsPaused);
        Assert.Equal(driver.Now, restarted.StartedAt);
        Assert.Empty(restarted.Pauses);
    }

    [Fact]
    public void Nothing_is_due_while_awaiting_the_decision_or_once_closed()
    {
        Assert.Null(CaseClock.Current(Route, ReadyForDecision().State));
        Assert.Null(CaseClock.Current(Route, Open().Do(Applicant, new Withdraw()).State));
    }

    [Fact]
    public void A_step_without_a_limit_has_no_due_date()
    {
        var route = Route with { Steps = [Route.Steps[0] with { DueBusinessDays = null }] };

        Assert.Null(CaseClock.Current(route, Open(route: route).State)!.DueDate(Weekdays));
    }

    [Fact]
    public void Pauses_do_not_count_towards_the_period()
    {
        // Received Monday 6 April; 10 business days would end Monday 20 April.
        var start = Jst(4, 6);
        Assert.Equal(new DateOnly(2026, 4, 20), CaseClock.DueDate(start, 10, [], Weekdays));

        // Correction asked Wednesday 8 April (Tue 7 and Wed 8 used: 2 days), answered Monday 13 April:
        // the remaining 8 days count from Tuesday 14 April and end Thursday 23 April.
        PauseInterval[] pauses = [new(Jst(4, 8), Jst(4, 13))];
        Assert.Equal(new DateOnly(2026, 4, 23), CaseClock.DueDate(start, 10, pauses, Weekdays));

        // A second correction from Friday 17 April (14, 15, 16 and 17 used: 6 in all) to Tuesday 21 April:
        // the last 4 days are 22, 23, 24 and 27 April.
        PauseInterval[] twice = [.. pauses, new(Jst(4, 17), Jst(4, 21))];
        Assert.Equal(new DateOnly(2026, 4, 27), CaseClock.DueDate(start, 10, twice, Weekdays));
    }

    [Fact]
    public void A_pause_after_the_period_ran_out_or_before_it_began_changes_nothing()
    {
        var start = Jst(4, 6);

        Assert.Equal(new DateOnly(2026, 4, 20), CaseClock.DueDate(start, 10, [new(Jst(4, 20), Jst(4, 27))], Weekdays));
        Assert.Equal(new DateOnly(2026, 4, 20), CaseClock.DueDate(start, 10, [new(Jst(3, 1), Jst(3, 5))], Weekdays));
        Assert.Equal(new DateOnly(2026, 4, 6), CaseClock.DueDate(start, 0, [new(Jst(4, 7), Jst(4, 9))], Weekdays));
    }

    [Fact]
    public void The_case_wide_processing_period_uses_the_recorded_pauses()
    {
        var driver = CorrectionRequested().Advance(TimeSpan.FromDays(7)).Do(Applicant, new Resubmit());

        var due = CaseClock.DueDate(driver.State.ReceivedAt, 10, driver.State.Pauses, Weekdays);

        Assert.True(due > CaseClock.DueDate(driver.State.ReceivedAt, 10, [], Weekdays));
    }
}
