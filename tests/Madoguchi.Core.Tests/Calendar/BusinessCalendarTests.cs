using System.Globalization;
using CsCheck;
using Madoguchi.Core.Calendar;

namespace Madoguchi.Core.Tests.Calendar;

public sealed class BusinessCalendarTests
{
    private static readonly BusinessCalendar _standard = BusinessCalendar.Standard;

    // The pause tests: received Monday 2026-06-01 with 10 business days; without pauses the deadline is Monday 6/15.
    private static readonly DateOnly _received = new(2026, 6, 1);

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static BusinessCalendar Build(BusinessCalendarOptions options)
    {
        var result = BusinessCalendar.Create(options);
        Assert.True(result.IsValid, string.Join(" / ", result.Problems.Select(p => p.Message.En)));
        return result.Calendar!;
    }

    [Theory]
    [InlineData("2026-04-01", true)] // Wednesday
    [InlineData("2026-04-04", false)] // Saturday
    [InlineData("2026-04-05", false)] // Sunday
    [InlineData("2026-04-29", false)] // 昭和の日
    [InlineData("2026-05-06", false)] // 振替休日
    [InlineData("2026-09-22", false)] // 国民の休日
    [InlineData("2026-12-28", true)] // 御用納め
    [InlineData("2026-12-29", false)]
    [InlineData("2026-12-31", false)]
    [InlineData("2027-01-01", false)]
    [InlineData("2027-01-03", false)]
    [InlineData("2027-01-04", true)] // 御用始め
    public void The_standard_calendar_closes_weekends_holidays_and_the_year_end(string date, bool open)
    {
        Assert.Equal(open, _standard.IsBusinessDay(D(date)));
        Assert.Equal(open, _standard.ClosureReason(D(date)) is null);
    }

    [Theory]
    [InlineData("2026-04-04", "土曜日", "Saturday")]
    [InlineData("2026-04-05", "日曜日", "Sunday")]
    [InlineData("2027-01-01", "元日", "New Year's Day")]
    [InlineData("2027-01-02", "土曜日", "Saturday")]
    [InlineData("2026-12-29", "年末年始（12月29日～1月3日）", "Year-end and New Year holidays (29 December to 3 January)")]
    [InlineData("2026-05-06", "振替休日", "Substitute Holiday")]
    [InlineData("2026-05-09", "臨時休業日", "Office closure")] // a Saturday the office also lists as closed
    public void Closure_reasons_are_given_in_japanese_and_english(string date, string ja, string en)
    {
        var calendar = Build(new BusinessCalendarOptions { ExtraClosures = [D("2026-05-09")] });
        var reason = calendar.ClosureReason(D(date));
        Assert.NotNull(reason);
        Assert.Equal(ja, reason.Ja);
        Assert.Equal(en, reason.En);
    }

    [Fact]
    public void Day_one_is_the_next_business_day_after_a_receipt_on_a_business_day()
    {
        // Friday 2026-04-03, received before closing: day 1 is Monday.
        Assert.Equal(D("2026-04-03"), _standard.ReceiptDate(D("2026-04-03")));
        Assert.Equal(D("2026-04-06"), _standard.Deadline(D("2026-04-03"), 1));
        Assert.Equal(D("2026-04-10"), _standard.Deadline(D("2026-04-03"), 5));
        Assert.Equal(D("2026-04-03"), _standard.Deadline(D("2026-04-03"), 0));
    }

    [Fact]
    public void An_arrival_after_closing_or_on_a_closed_day_is_received_on_the_next_business_day()
    {
        Assert.Equal(D("2026-04-06"), _standard.ReceiptDate(D("2026-04-03"), afterClosing: true));
        Assert.Equal(D("2026-04-07"), _standard.Deadline(D("2026-04-03"), 1, afterClosing: true));

        // Saturday and Sunday arrivals are received on Monday, like Friday evening's: day 1 is Tuesday.
        Assert.Equal(D("2026-04-06"), _standard.ReceiptDate(D("2026-04-04")));
        Assert.Equal(D("2026-04-06"), _standard.ReceiptDate(D("2026-04-05"), afterClosing: true));
        Assert.Equal(D("2026-04-07"), _standard.Deadline(D("2026-04-04"), 1));
        Assert.Equal(D("2026-04-07"), _standard.Deadline(D("2026-04-05"), 1));

        // Plain arithmetic does not apply the receipt rule: the 1st business day after Saturday is Monday.
        Assert.Equal(D("2026-04-06"), _standard.AddBusinessDays(D("2026-04-04"), 1));
    }

    [Fact]
    public void Year_end_closure_stretches_a_deadline_into_january()
    {
        // Received Friday 2026-12-25 with 5 business days: 12/28 is day 1, 12/29–1/3 are closed, 1/4–1/7 are days 2–5.
        Assert.Equal(D("2027-01-07"), _standard.Deadline(D("2026-12-25"), 5));
        Assert.Equal(5, _standard.BusinessDaysBetween(D("2026-12-25"), D("2027-01-07")));

        // Without the closure only 1/1 (元日) and the weekend 1/2–1/3 are closed.
        var noYearEnd = Build(new BusinessCalendarOptions { YearEndClosure = false });
        Assert.Equal(D("2027-01-04"), noYearEnd.Deadline(D("2026-12-25"), 5));
        Assert.True(noYearEnd.IsBusinessDay(D("2026-12-29")));
        Assert.False(noYearEnd.IsBusinessDay(D("2027-01-01")));

        // Arriving on 12/28 after closing: received 1/4, day 1 is 1/5.
        Assert.Equal(D("2027-01-04"), _standard.ReceiptDate(D("2026-12-28"), afterClosing: true));
        Assert.Equal(D("2027-01-05"), _standard.Deadline(D("2026-12-28"), 1, afterClosing: true));
    }

    [Fact]
    public void Golden_week_2026_is_skipped()
    {
        // Thursday 4/30: 5/1 is day 1; 5/2–5/6 are closed (5/6 is the 振替休日 for 5/3); 5/7 and 5/8 are days 2 and 3.
        Assert.Equal(D("2026-05-08"), _standard.Deadline(D("2026-04-30"), 3));
    }

    [Fact]
    public void Tenant_closures_are_not_business_days()
    {
        var calendar = Build(new BusinessCalendarOptions { ExtraClosures = [D("2026-05-07"), D("2026-05-08")] });
        Assert.False(calendar.IsBusinessDay(D("2026-05-07")));
        Assert.Equal(D("2026-05-12"), calendar.Deadline(D("2026-04-30"), 3));
        Assert.Equal(D("2026-05-11"), calendar.NextBusinessDay(D("2026-04-30").AddDays(1)));
        Assert.Equal(D("2026-05-11"), calendar.ReceiptDate(D("2026-05-07")));
        Assert.True(_standard.IsBusinessDay(D("2026-05-07"))); // another tenant is not affected
    }

    [Fact]
    public void Extra_open_days_win_over_weekends_holidays_and_the_year_end()
    {
        var calendar = Build(new BusinessCalendarOptions
        {
            ExtraOpenDays = [D("2026-03-28"), D("2026-03-20"), D("2026-12-29")],
        });

        Assert.True(calendar.IsBusinessDay(D("2026-03-28"))); // Saturday counter opening
        Assert.True(calendar.IsBusinessDay(D("2026-03-20"))); // 春分の日
        Assert.True(calendar.IsBusinessDay(D("2026-12-29")));
        Assert.False(calendar.IsBusinessDay(D("2026-03-29")));

        // Received on the Saturday opening: that is the receipt date; Friday's day 1 is the Saturday.
        Assert.Equal(D("2026-03-28"), calendar.ReceiptDate(D("2026-03-28")));
        Assert.Equal(D("2026-03-28"), calendar.Deadline(D("2026-03-27"), 1));
        Assert.Equal(D("2026-03-30"), _standard.Deadline(D("2026-03-27"), 1));
        Assert.Equal(D("2026-12-29"), calendar.Deadline(D("2026-12-28"), 1));
        Assert.Equal(D("2027-01-04"), calendar.Deadline(D("2026-12-28"), 2));
    }

    [Fact]
    public void A_date_both_closed_and_open_is_refused_with_a_message_in_both_languages()
    {
        var result = BusinessCalendar.Create(new BusinessCalendarOptions
        {
            ExtraClosures = [D("2026-07-01"), D("2026-06-01"), D("2026-08-03")],
            ExtraOpenDays = [D("2026-07-01"), D("2026-06-01"), D("2026-06-06")],
        });

        Assert.False(result.IsValid);
        Assert.Null(result.Calendar);
        Assert.Equal([D("2026-06-01"), D("2026-07-01")], result.Problems.Select(p => p.Date));
        Assert.All(result.Problems, p => Assert.Equal("conflictingDate", p.Code));
        Assert.Equal("2026-06-01が臨時休業日と臨時開庁日の両方に指定されています。どちらか一方にしてください。", result.Problems[0].Message.Ja);
        Assert.Equal("2026-06-01 is listed both as an extra closure and as an extra open day; keep only one.", result.Problems[0].Message.En);
    }

    [Fact]
    public void Options_are_copied_so_the_calendar_cannot_change_afterwards()
    {
        var closures = new List<DateOnly> { D("2026-06-10") };
        var calendar = Build(new BusinessCalendarOptions { ExtraClosures = closures });
        closures.Add(D("2026-06-11"));
        Assert.True(calendar.IsBusinessDay(D("2026-06-11")));
        Assert.Equal([D("2026-06-10")], calendar.ExtraClosures);
        Assert.True(calendar.YearEndClosure);
        Assert.Empty(BusinessCalendar.Standard.ExtraOpenDays);
    }

    [Fact]
    public void Between_counts_business_days_after_from_up_to_and_including_to()
    {
        Assert.Equal(0, _standard.BusinessDaysBetween(D("2026-04-03"), D("2026-04-03")));
        Assert.Equal(0, _standard.BusinessDaysBetween(D("2026-04-03"), D("2026-04-05")));
        Assert.Equal(1, _standard.BusinessDaysBetween(D("2026-04-03"), D("2026-04-06")));
        Assert.Equal(1, _standard.BusinessDaysBetween(D("2026-04-04"), D("2026-04-06")));
        Assert.Equal(-1, _standard.BusinessDaysBetween(D("2026-04-06"), D("2026-04-03")));
        Assert.Equal(-5, _standard.BusinessDaysBetween(D("2027-01-07"), D("2026-12-25")));

        // 2026: 365 days − 104 weekend days − 17 weekday holidays − 4 year-end weekdays (1/2, 12/29–12/31) = 240.
        Assert.Equal(240, _standard.BusinessDaysBetween(D("2025-12-31"), D("2026-12-31")));
    }

    [Fact]
    public void Next_business_day_is_strictly_after_and_on_or_after_may_be_the_day_itself()
    {
        Assert.Equal(D("2026-04-06"), _standard.NextBusinessDay(D("2026-04-03")));
        Assert.Equal(D("2026-04-03"), _standard.BusinessDayOnOrAfter(D("2026-04-03")));
        Assert.Equal(D("2026-04-06"), _standard.BusinessDayOnOrAfter(D("2026-04-04")));
        Assert.Equal(D("2027-01-04"), _standard.NextBusinessDay(D("2026-12-28")));
    }

    [Fact]
    public void Negative_counts_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _standard.AddBusinessDays(D("2026-04-03"), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _standard.Deadline(D("2026-04-03"), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _standard.DeadlineWithPauses(D("2026-04-03"), -1, []));
    }

    [Fact]
    public void Dates_after_2150_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _standard.IsBusinessDay(new DateOnly(2151, 1, 5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _standard.AddBusinessDays(new DateOnly(2150, 12, 28), 5));
    }

    [Fact]
    public void Without_pauses_the_deadline_is_the_plain_one()
    {
        Assert.Equal(D("2026-06-15"), _standard.DeadlineWithPauses(_received, 10, []));
        Assert.Equal(D("2026-06-15"), _standard.Deadline(_received, 10));
    }

    [Theory]
    [InlineData("2026-06-03", "2026-06-05", "2026-06-18")] // Wed–Fri, both included: three business days
    [InlineData("2026-06-03", "2026-06-03", "2026-06-16")] // requested and answered the same day
    [InlineData("2026-06-06", "2026-06-07", "2026-06-15")] // a weekend only: nothing to take out
    [InlineData("2026-06-01", "2026-06-02", "2026-06-16")] // requested on the receipt day, answered the next
    [InlineData("2026-06-05", "2026-06-08", "2026-06-17")] // Fri–Mon: two business days
    [InlineData("2026-06-15", "2026-06-15", "2026-06-16")] // on the would-be deadline
    [InlineData("2026-06-16", "2026-06-30", "2026-06-15")] // after the deadline: no effect
    public void A_closed_pause_takes_out_its_business_days_both_ends_included(string from, string to, string deadline)
    {
        Assert.Equal(D(deadline), _standard.DeadlineWithPauses(_received, 10, [(D(from), D(to))]));
    }

    [Fact]
    public void Overlapping_and_several_pauses_take_out_each_day_once()
    {
        Assert.Equal(D("2026-06-18"), _standard.DeadlineWithPauses(_received, 10, [(D("2026-06-03"), D("2026-06-04")), (D("2026-06-04"), D("2026-06-05"))]));
        Assert.Equal(D("2026-06-19"), _standard.DeadlineWithPauses(_received, 10, [(D("2026-06-03"), D("2026-06-04")), (D("2026-06-09"), D("2026-06-10"))]));
    }

    [Fact]
    public void An_open_pause_before_the_deadline_leaves_it_unknown()
    {
        Assert.Null(_standard.DeadlineWithPauses(_received, 10, [(D("2026-06-10"), null)]));
        Assert.Null(_standard.DeadlineWithPauses(_received, 10, [(D("2026-06-03"), D("2026-06-04")), (D("2026-06-16"), null)]));
        Assert.Equal(D("2026-06-15"), _standard.DeadlineWithPauses(_received, 10, [(D("2026-06-16"), null)]));
    }

    [Fact]
    public void A_pause_across_the_year_end_resumes_on_the_first_business_day_after_it()
    {
        // Received 12/25 with 5 days; 補正 requested 12/28, answered 1/4: days 1–4 are 1/5–1/8, 1/11 is 成人の日, day 5 is 1/12.
        Assert.Equal(D("2027-01-12"), _standard.DeadlineWithPauses(D("2026-12-25"), 5, [(D("2026-12-28"), D("2027-01-04"))]));
    }

    [Fact]
    public void Pauses_apply_after_the_receipt_rule()
    {
        // Arrived Saturday 2026-05-30: received Monday 6/1, so a pause cannot start on the Saturday.
        Assert.Equal(D("2026-06-18"), _standard.DeadlineWithPauses(D("2026-05-30"), 10, [(D("2026-06-03"), D("2026-06-05"))]));
        Assert.Throws<ArgumentException>(() => _standard.DeadlineWithPauses(D("2026-05-30"), 10, [(D("2026-05-30"), D("2026-06-02"))]));
    }

    [Fact]
    public void Malformed_pauses_are_refused()
    {
        Assert.Throws<ArgumentException>(() => _standard.DeadlineWithPauses(_received, 10, [(D("2026-06-05"), D("2026-06-03"))]));
        Assert.Throws<ArgumentException>(() => _standard.DeadlineWithPauses(_received, 10, [(D("2026-05-29"), D("2026-06-03"))]));
        Assert.Throws<ArgumentNullException>(() => _standard.DeadlineWithPauses(_received, 10, null!));
    }

    private static readonly Gen<DateOnly> _dates =
        Gen.Int[new DateOnly(1980, 1, 1).DayNumber, new DateOnly(2099, 12, 31).DayNumber].Select(DateOnly.FromDayNumber);

    private static readonly Gen<BusinessCalendar> _calendars = Gen.Frequency(
        (1, Gen.Const(BusinessCalendar.Standard)),
        (2, Gen.Select(Gen.Bool, Gen.Int[0, 40].Array[0, 8], Gen.Int[0, 40].Array[0, 8], (yearEnd, closed, open) =>
        {
            // Tenant days near 2026-03-01, never the same date in both lists.
            var start = new DateOnly(2026, 3, 1);
            var closures = closed.Where(i => i % 2 == 0).Select(start.AddDays);
            var openDays = open.Where(i => i % 2 == 1).Select(start.AddDays);
            return BusinessCalendar.Create(new BusinessCalendarOptions
            {
                YearEndClosure = yearEnd,
                ExtraClosures = [.. closures],
                ExtraOpenDays = [.. openDays],
            }).Calendar!;
        })));

    private static readonly Gen<DateOnly> _datesNearTenantDays = Gen.Frequency(
        (1, _dates),
        (2, Gen.Int[-60, 60].Select(i => new DateOnly(2026, 3, 1).AddDays(i))));

    [Fact]
    public void Adding_n_business_days_lands_on_a_business_day_n_business_days_later()
    {
        Gen.Select(_calendars, _datesNearTenantDays, Gen.Int[0, 80]).Sample((calendar, start, n) =>
        {
            var end = calendar.AddBusinessDays(start, n);
            if (n > 0)
            {
                Assert.True(calendar.IsBusinessDay(end));
                Assert.True(end > start);
                Assert.Equal(end, calendar.NextBusinessDay(calendar.AddBusinessDays(start, n - 1)));
            }
            else
            {
                Assert.Equal(start, end);
            }

            Assert.Equal(n, calendar.BusinessDaysBetween(start, end));
            Assert.Equal(-n, calendar.BusinessDaysBetween(end, start));
        }, iter: 2000);
    }

    [Fact]
    public void Business_day_addition_composes()
    {
        Gen.Select(_calendars, _datesNearTenantDays, Gen.Int[0, 30], Gen.Int[0, 30]).Sample((calendar, start, a, b) =>
            Assert.Equal(calendar.AddBusinessDays(start, a + b), calendar.AddBusinessDays(calendar.AddBusinessDays(start, a), b)), iter: 1000);
    }

    [Fact]
    public void Deadlines_count_from_a_business_receipt_date()
    {
        Gen.Select(_calendars, _datesNearTenantDays, Gen.Int[0, 40], Gen.Bool).Sample((calendar, arrived, n, afterClosing) =>
        {
            var receipt = calendar.ReceiptDate(arrived, afterClosing);
            Assert.True(calendar.IsBusinessDay(receipt));
            Assert.True(afterClosing ? receipt > arrived : receipt >= arrived);
            Assert.Equal(receipt == arrived ? 0 : 1, calendar.BusinessDaysBetween(arrived, receipt)); // no business day skipped
            var deadline = calendar.Deadline(arrived, n, afterClosing);
            Assert.Equal(n, calendar.BusinessDaysBetween(receipt, deadline));
            Assert.Equal(deadline, calendar.DeadlineWithPauses(arrived, n, [], afterClosing));
        }, iter: 2000);
    }

    [Fact]
    public void A_closed_pause_extends_the_deadline_by_exactly_its_business_days()
    {
        Gen.Select(_dates, Gen.Int[1, 40], Gen.Int[0, 30], Gen.Int[0, 20]).Sample((arrived, n, offset, length) =>
        {
            var receipt = _standard.ReceiptDate(arrived);
            var from = receipt.AddDays(offset);
            var to = from.AddDays(length);
            var deadline = _standard.DeadlineWithPauses(arrived, n, [(from, to)]);
            Assert.NotNull(deadline);
            Assert.True(_standard.IsBusinessDay(deadline.Value));
            Assert.False(deadline >= from && deadline <= to);

            // Business days the pause took out: those in [from, to] after the receipt date and up to the deadline.
            var pausedInside = _standard.BusinessDaysBetween(Max(from.AddDays(-1), receipt), Min(to, deadline.Value));
            var counted = _standard.BusinessDaysBetween(receipt, deadline.Value) - Math.Max(0, pausedInside);
            Assert.Equal(n, counted);
            Assert.True(deadline >= _standard.Deadline(arrived, n));
        }, iter: 2000);
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
