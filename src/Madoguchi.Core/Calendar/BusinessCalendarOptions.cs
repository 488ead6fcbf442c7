using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Calendar;

/// <summary>
/// How one office's 開庁日 differ from the defaults: weekends and every holiday of <see cref="JapaneseHolidays"/> are
/// always closed; the rest is configured here.
/// </summary>
public sealed record BusinessCalendarOptions
{
    /// <summary>
    /// Close 12/29–1/3 (年末年始), as 行政機関の休日に関する法律 article 1 and most municipal 休日条例 do. On by default.
    /// </summary>
    public bool YearEndClosure { get; init; } = true;

    /// <summary>Extra days the office is closed (臨時休業日: a system migration, a disaster closure).</summary>
    public IReadOnlyCollection<DateOnly> ExtraClosures { get; init; } = [];

    /// <summary>
    /// Extra days the office is open although it would be closed (臨時開庁日: a Saturday counter opening in March).
    /// They count as business days everywhere, deadlines included; they win over weekends, holidays and 年末年始.
    /// </summary>
    public IReadOnlyCollection<DateOnly> ExtraOpenDays { get; init; } = [];
}

/// <summary>One thing wrong with <see cref="BusinessCalendarOptions"/>, in Japanese and English.</summary>
/// <param name="Code">Stable machine code (listed in docs/business-calendar.md).</param>
/// <param name="Date">The date the problem is about.</param>
/// <param name="Message">What is wrong, as a whole sentence.</param>
public sealed record CalendarProblem(string Code, DateOnly Date, LocalizedText Message);

/// <summary>The outcome of <see cref="BusinessCalendar.Create"/>: a calendar only when the options had no problem.</summary>
public sealed record BusinessCalendarResult(BusinessCalendar? Calendar, IReadOnlyList<CalendarProblem> Problems)
{
    public bool IsValid => Calendar is not null && Problems.Count == 0;
}
