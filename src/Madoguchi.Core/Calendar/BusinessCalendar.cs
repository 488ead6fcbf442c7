using System.Collections.Frozen;
using System.Globalization;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Calendar;

/// <summary>
/// 開庁日 of one office and the deadline arithmetic built on them (標準処理期間, 行政手続法 article 6). Closed: Saturdays,
/// Sundays, every holiday of <see cref="JapaneseHolidays"/>, 12/29–1/3 unless turned off, and the office's extra
/// closures; an extra open day overrides all of these. Immutable and safe to share; build it with <see cref="Create"/>.
/// </summary>
/// <remarks>
/// Counting conventions (docs/business-calendar.md has the reasoning and examples):
/// <list type="bullet">
/// <item>A count never includes its starting day (初日不算入, 民法 article 140): day 1 is the first business day after it.</item>
/// <item>An application that arrives on a non-business day, or after closing time, is received (受付) on the next business
/// day (<see cref="ReceiptDate"/>); deadlines count from the receipt date.</item>
/// <item>A 補正 pause (From, To) takes out every day from From to To, both included: the clock stops on the day the
/// request is sent and starts again the day after the correction arrives.</item>
/// </list>
/// Dates after <see cref="JapaneseHolidays.LastYear"/> throw <see cref="ArgumentOutOfRangeException"/>.
/// </remarks>
public sealed class BusinessCalendar
{
    private readonly FrozenSet<DateOnly> _extraClosures;
    private readonly FrozenSet<DateOnly> _extraOpenDays;

    private BusinessCalendar(bool yearEndClosure, FrozenSet<DateOnly> extraClosures, FrozenSet<DateOnly> extraOpenDays)
    {
        YearEndClosure = yearEndClosure;
        _extraClosures = extraClosures;
        _extraOpenDays = extraOpenDays;
    }

    /// <summary>行政機関の休日 exactly: weekends, holidays and 12/29–1/3, with no extra days.</summary>
    public static BusinessCalendar Standard { get; } = new(true, FrozenSet<DateOnly>.Empty, FrozenSet<DateOnly>.Empty);

    /// <summary>Whether 12/29–1/3 is closed.</summary>
    public bool YearEndClosure { get; }

    /// <summary>The office's extra closures (臨時休業日).</summary>
    public IReadOnlySet<DateOnly> ExtraClosures => _extraClosures;

    /// <summary>The office's extra open days (臨時開庁日).</summary>
    public IReadOnlySet<DateOnly> ExtraOpenDays => _extraOpenDays;

    /// <summary>
    /// Builds a calendar. A date listed both as a closure and as an open day is refused (<c>conflictingDate</c>) rather
    /// than silently resolved one way.
    /// </summary>
    public static BusinessCalendarResult Create(BusinessCalendarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var closures = (options.ExtraClosures ?? []).ToFrozenSet();
        var openDays = (options.ExtraOpenDays ?? []).ToFrozenSet();

        var problems = closures.Where(openDays.Contains).Order().Select(date => new CalendarProblem(
            "conflictingDate",
            date,
            new LocalizedText(
                $"{Iso(date)}が臨時休業日と臨時開庁日の両方に指定されています。どちらか一方にしてください。",
                $"{Iso(date)} is listed both as an extra closure and as an extra open day; keep only one."))).ToArray();

        return problems.Length > 0
            ? new BusinessCalendarResult(null, problems)
            : new BusinessCalendarResult(new BusinessCalendar(options.YearEndClosure, closures, openDays), []);
    }

    /// <summary>True when the office is open on <paramref name="date"/>.</summary>
    public bool IsBusinessDay(DateOnly date) => ClosureReason(date) is null;

    /// <summary>
    /// Why the office is closed on <paramref name="date"/> (「臨時休業日」, the holiday's name, 「土曜日」, 「日曜日」,
    /// 「年末年始」), or null when it is open. An extra closure is named first, then a holiday, then the weekday.
    /// </summary>
    public LocalizedText? ClosureReason(DateOnly date)
    {
        if (_extraOpenDays.Contains(date))
        {
            return null;
        }

        if (_extraClosures.Contains(date))
        {
            return new LocalizedText("臨時休業日", "Office closure");
        }

        if (JapaneseHolidays.Find(date) is { } holiday)
        {
            return holiday.Name;
        }

        return date.DayOfWeek switch
        {
            DayOfWeek.Saturday => new LocalizedText("土曜日", "Saturday"),
            DayOfWeek.Sunday => new LocalizedText("日曜日", "Sunday"),
            _ when YearEndClosure && IsYearEnd(date) => new LocalizedText("年末年始（12月29日～1月3日）", "Year-end and New Year holidays (29 December to 3 January)"),
            _ => null,
        };
    }

    /// <summary>The first business day after <paramref name="date"/> (never <paramref name="date"/> itself).</summary>
    public DateOnly NextBusinessDay(DateOnly date)
    {
        var day = date.AddDays(1);
        while (!IsBusinessDay(day))
        {
            day = day.AddDays(1);
        }

        return day;
    }

    /// <summary><paramref name="date"/> when it is a business day, else the next business day.</summary>
    public DateOnly BusinessDayOnOrAfter(DateOnly date) => IsBusinessDay(date) ? date : NextBusinessDay(date);

    /// <summary>
    /// The <paramref name="days"/>-th business day after <paramref name="start"/>: day 1 is the first business day
    /// after <paramref name="start"/>, whether or not <paramref name="start"/> is one. Zero days gives
    /// <paramref name="start"/> back unchanged. This is plain arithmetic; for a deadline from an application's
    /// arrival use <see cref="Deadline"/>, which first applies <see cref="ReceiptDate"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is negative.</exception>
    public DateOnly AddBusinessDays(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = start;
        for (var counted = 0; counted < days; counted++)
        {
            day = NextBusinessDay(day);
        }

        return day;
    }

    /// <summary>
    /// The number of business days after <paramref name="from"/> up to and including <paramref name="to"/>, so that
    /// <c>BusinessDaysBetween(d, AddBusinessDays(d, n)) == n</c>; negative (the same count, negated) when
    /// <paramref name="to"/> is before <paramref name="from"/>.
    /// </summary>
    public int BusinessDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -BusinessDaysBetween(to, from);
        }

        var count = 0;
        for (var day = from; day < to;)
        {
            day = day.AddDays(1);
            if (IsBusinessDay(day))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// 受付日: the day an application that arrived on <paramref name="arrivedOn"/> counts as received. It is that day
    /// when the office is open and it arrived before closing time; otherwise the next business day (an online
    /// application sent on Saturday, or at 20:00, is received on the next business day).
    /// </summary>
    /// <param name="arrivedOn">The date it arrived, in Japan Standard Time.</param>
    /// <param name="afterClosing">True when it arrived after the office's closing time that day (the caller knows the hours).</param>
    public DateOnly ReceiptDate(DateOnly arrivedOn, bool afterClosing = false) =>
        afterClosing ? NextBusinessDay(arrivedOn) : BusinessDayOnOrAfter(arrivedOn);

    /// <summary>
    /// The last day of a period of <paramref name="businessDays"/> business days (標準処理期間) for an application that
    /// arrived on <paramref name="arrivedOn"/>: the receipt date (<see cref="ReceiptDate"/>) is not counted, day 1 is
    /// the next business day.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessDays"/> is negative.</exception>
    public DateOnly Deadline(DateOnly arrivedOn, int businessDays, bool afterClosing = false) =>
        AddBusinessDays(ReceiptDate(arrivedOn, afterClosing), businessDays);

    /// <summary>
    /// <see cref="Deadline"/> with the clock stopped while the applicant corrects the application (補正, 行政手続法
    /// article 7). Each pause takes out every day from <c>From</c> to <c>To</c>, both included: <c>From</c> is the
    /// day the correction is requested, <c>To</c> the day the corrected application arrives; counting resumes the
    /// next day. A pause with no <c>To</c> is still running: if it starts before the deadline is reached, the
    /// deadline is not known yet and the result is null. Pauses may overlap.
    /// </summary>
    /// <param name="received">The date the application arrived (<see cref="ReceiptDate"/> is applied to it).</param>
    /// <param name="businessDays">The period, in business days.</param>
    /// <param name="pauses">The 補正 intervals; none may end before it starts or start before the receipt date.</param>
    /// <param name="afterClosing">True when the application arrived after closing time.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessDays"/> is negative.</exception>
    /// <exception cref="ArgumentException">A pause ends before it starts, or starts before the receipt date.</exception>
    public DateOnly? DeadlineWithPauses(
        DateOnly received,
        int businessDays,
        IReadOnlyList<(DateOnly From, DateOnly? To)> pauses,
        bool afterClosing = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(businessDays);
        ArgumentNullException.ThrowIfNull(pauses);
        var receipt = ReceiptDate(received, afterClosing);
        foreach (var (from, to) in pauses)
        {
            if (to is { } end && end < from)
            {
                throw new ArgumentException($"A pause ends ({Iso(end)}) before it starts ({Iso(from)}).", nameof(pauses));
            }

            if (from < receipt)
            {
                throw new ArgumentException($"A pause starts ({Iso(from)}) before the receipt date ({Iso(receipt)}).", nameof(pauses));
            }
        }

        var day = receipt;
        var counted = 0;
        while (counted < businessDays)
        {
            day = day.AddDays(1);
            var paused = false;
            foreach (var (from, to) in pauses)
            {
                if (day >= from && (to is null || day <= to))
                {
                    if (to is null)
                    {
                        return null;
                    }

                    paused = true;
                }
            }

            if (!paused && IsBusinessDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    private static bool IsYearEnd(DateOnly date) =>
        (date.Month == 12 && date.Day >= 29) || (date.Month == 1 && date.Day <= 3);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
