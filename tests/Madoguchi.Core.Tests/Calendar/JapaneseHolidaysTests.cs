using System.Globalization;
using Madoguchi.Core.Calendar;
using Madoguchi.Core.Tests.Procedures;

namespace Madoguchi.Core.Tests.Calendar;

public sealed class JapaneseHolidaysTests
{
    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static IReadOnlyList<(DateOnly Date, string Name)> Vectors()
    {
        var lines = File.ReadAllLines(RepositoryFiles.PathOf("tests", "vectors", "holidays-1980-2027.csv"));
        Assert.Equal("date,name_ja", lines[0]);
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(p => (D(p[0]), p[1]))];
    }

    [Fact]
    public void Every_holiday_1980_to_2027_matches_the_cabinet_office_list_both_ways()
    {
        var expected = Vectors();
        var computed = Enumerable.Range(1980, 48).SelectMany(JapaneseHolidays.For).Select(h => (h.Date, Name: h.NameJa)).ToList();

        var missing = expected.Except(computed).Select(e => $"listed but not computed: {e.Date:yyyy-MM-dd} {e.Name} (computed: {JapaneseHolidays.NameOf(e.Date) ?? "none"})");
        var extra = computed.Except(expected).Select(c => $"computed but not listed: {c.Date:yyyy-MM-dd} {c.Name}");
        var differences = missing.Concat(extra).ToList();

        Assert.True(differences.Count == 0, $"{differences.Count} differences:\n" + string.Join('\n', differences));
        Assert.Equal(expected.Count, computed.Count);
        Assert.Equal(789, expected.Count);
    }

    [Fact]
    public void The_vector_file_is_in_date_order_without_duplicates()
    {
        var dates = Vectors().Select(v => v.Date).ToList();
        Assert.Equal(dates.Order(), dates);
        Assert.Equal(dates.Count, dates.Distinct().Count());
        Assert.Equal(new DateOnly(1980, 1, 1), dates[0]);
        Assert.Equal(new DateOnly(2027, 11, 23), dates[^1]);
    }

    [Fact]
    public void Lists_are_in_date_order_with_english_names_and_kinds_matching_the_names()
    {
        for (var year = JapaneseHolidays.FirstYear; year <= JapaneseHolidays.LastYear; year++)
        {
            var holidays = JapaneseHolidays.For(year);
            Assert.Equal(holidays.Select(h => h.Date).Order(), holidays.Select(h => h.Date));
            Assert.All(holidays, h =>
            {
                Assert.Equal(year, h.Date.Year);
                Assert.False(string.IsNullOrWhiteSpace(h.NameEn));
                Assert.Equal(h.NameJa == "振替休日", h.Kind == HolidayKind.Substitute);
                Assert.Equal(h.NameJa == "国民の休日", h.Kind == HolidayKind.Citizens);
                Assert.Same(h, JapaneseHolidays.Find(h.Date));
            });
        }
    }

    [Fact]
    public void Golden_week_2019_is_ten_days_around_the_accession()
    {
        var expected = new[]
        {
            ("2019-04-29", "昭和の日", HolidayKind.National),
            ("2019-04-30", "国民の休日", HolidayKind.Citizens),
            ("2019-05-01", "天皇の即位の日", HolidayKind.Special),
            ("2019-05-02", "国民の休日", HolidayKind.Citizens),
            ("2019-05-03", "憲法記念日", HolidayKind.National),
            ("2019-05-04", "みどりの日", HolidayKind.National),
            ("2019-05-05", "こどもの日", HolidayKind.National),
            ("2019-05-06", "振替休日", HolidayKind.Substitute),
        };
        var actual = JapaneseHolidays.Between(D("2019-04-27"), D("2019-05-07")).Select(h => (h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), h.NameJa, h.Kind));
        Assert.Equal(expected, actual);

        // 4/27 (Sat) to 5/6 (Mon): ten days off in a row.
        var standard = BusinessCalendar.Standard;
        Assert.True(standard.IsBusinessDay(D("2019-04-26")));
        Assert.Equal(D("2019-05-07"), standard.NextBusinessDay(D("2019-04-26")));
        var closed = Enumerable.Range(0, 10).Select(i => D("2019-04-27").AddDays(i)).ToList();
        Assert.All(closed, day => Assert.False(standard.IsBusinessDay(day)));
        Assert.Equal(1, standard.BusinessDaysBetween(D("2019-04-26"), D("2019-05-07")));
    }

    [Fact]
    public void Year_2019_has_no_emperors_birthday_and_the_enthronement_ceremony_on_october_22()
    {
        Assert.DoesNotContain(JapaneseHolidays.For(2019), h => h.NameJa == "天皇誕生日");
        Assert.Null(JapaneseHolidays.Find(D("2019-12-23")));
        Assert.Null(JapaneseHolidays.Find(D("2019-02-23")));
        Assert.Equal("即位礼正殿の儀", JapaneseHolidays.NameOf(D("2019-10-22")));
        Assert.Equal("天皇誕生日", JapaneseHolidays.NameOf(D("2018-12-23")));
        Assert.Equal("天皇誕生日", JapaneseHolidays.NameOf(D("2020-02-23")));
        Assert.Equal("振替休日", JapaneseHolidays.NameOf(D("2020-02-24")));
    }

    [Theory]
    [InlineData("2020-07-23", "海の日")]
    [InlineData("2020-07-24", "スポーツの日")]
    [InlineData("2020-08-10", "山の日")]
    [InlineData("2021-07-22", "海の日")]
    [InlineData("2021-07-23", "スポーツの日")]
    [InlineData("2021-08-08", "山の日")]
    [InlineData("2021-08-09", "振替休日")]
    [InlineData("2022-07-18", "海の日")]
    [InlineData("2022-08-11", "山の日")]
    [InlineData("2022-10-10", "スポーツの日")]
    [InlineData("2019-10-14", "体育の日")]
    public void Olympic_years_move_three_holidays(string date, string name)
    {
        Assert.Equal(name, JapaneseHolidays.NameOf(D(date)));
    }

    [Theory]
    [InlineData("2020-07-20")]
    [InlineData("2020-08-11")]
    [InlineData("2020-10-12")]
    [InlineData("2021-07-19")]
    [InlineData("2021-08-11")]
    [InlineData("2021-10-11")]
    public void Olympic_years_leave_the_usual_dates_as_working_days(string date)
    {
        Assert.False(JapaneseHolidays.IsHoliday(D(date)));
        Assert.True(BusinessCalendar.Standard.IsBusinessDay(D(date)));
    }

    [Theory]
    [InlineData("1988-05-04")] // the first: 5/3 Tue, 5/5 Thu
    [InlineData("2006-05-04")]
    [InlineData("2009-09-22")]
    [InlineData("2015-09-22")]
    [InlineData("2026-09-22")]
    [InlineData("2032-09-21")] // 敬老 9/20 Mon, 秋分 9/22 Wed
    [InlineData("2037-09-22")]
    [InlineData("2043-09-22")]
    [InlineData("2049-09-21")]
    public void A_day_between_two_holidays_is_a_citizens_holiday(string date)
    {
        var holiday = JapaneseHolidays.Find(D(date));
        Assert.NotNull(holiday);
        Assert.Equal(HolidayKind.Citizens, holiday.Kind);
        Assert.Equal("Citizens' Holiday", holiday.NameEn);
    }

    [Theory]
    [InlineData("1985-05-04")] // Saturday between 5/3 and 5/5, but before the 1985-12-27 amendment
    [InlineData("1986-05-04")] // Sunday
    [InlineData("1992-05-04")] // 振替休日 for 5/3 (Sun) instead
    [InlineData("2021-09-21")] // 敬老 9/20, 秋分 9/23: two days apart
    public void Other_days_next_to_holidays_are_not_citizens_holidays(string date)
    {
        Assert.NotEqual(HolidayKind.Citizens, JapaneseHolidays.Find(D(date))?.Kind);
    }

    [Theory]
    [InlineData("1973-04-30", "1973-04-29")] // the very first
    [InlineData("1992-05-04", "1992-05-03")] // old rule: the Monday, even on 5/4
    [InlineData("2008-05-06", "2008-05-04")] // new rule: past こどもの日
    [InlineData("2015-05-06", "2015-05-03")] // new rule: past みどりの日 and こどもの日
    [InlineData("2019-05-06", "2019-05-05")]
    [InlineData("2021-08-09", "2021-08-08")]
    [InlineData("2024-09-23", "2024-09-22")]
    [InlineData("2027-03-22", "2027-03-21")]
    public void A_sunday_holiday_gives_a_substitute_holiday(string substitute, string sunday)
    {
        Assert.Equal(DayOfWeek.Sunday, D(sunday).DayOfWeek);
        Assert.Equal(HolidayKind.National, JapaneseHolidays.Find(D(sunday))?.Kind);
        Assert.Equal(HolidayKind.Substitute, JapaneseHolidays.Find(D(substitute))?.Kind);
    }

    [Fact]
    public void No_substitute_holidays_before_the_1973_amendment()
    {
        var sundays = Enumerable.Range(1948, 26).SelectMany(JapaneseHolidays.For)
            .Where(h => h.Date < JapaneseHolidays.SubstituteHolidaysFrom && h.Date.DayOfWeek == DayOfWeek.Sunday)
            .ToList();
        Assert.NotEmpty(sundays);
        Assert.All(sundays, h => Assert.False(JapaneseHolidays.IsHoliday(h.Date.AddDays(1)), h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Assert.DoesNotContain(Enumerable.Range(1948, 26).SelectMany(JapaneseHolidays.For), h => h.Kind == HolidayKind.Substitute && h.Date < JapaneseHolidays.SubstituteHolidaysFrom);
    }

    [Theory]
    [InlineData("1989-04-29", "みどりの日")]
    [InlineData("1988-04-29", "天皇誕生日")]
    [InlineData("2006-04-29", "みどりの日")]
    [InlineData("2007-04-29", "昭和の日")]
    [InlineData("2007-05-04", "みどりの日")]
    [InlineData("1995-07-20", null)]
    [InlineData("1996-07-20", "海の日")]
    [InlineData("2002-07-20", "海の日")]
    [InlineData("2003-07-21", "海の日")]
    [InlineData("2002-09-15", "敬老の日")]
    [InlineData("2003-09-15", "敬老の日")] // 3rd Monday happened to be the 15th
    [InlineData("2004-09-15", null)]
    [InlineData("2004-09-20", "敬老の日")]
    [InlineData("1999-01-15", "成人の日")]
    [InlineData("2000-01-10", "成人の日")]
    [InlineData("2000-01-15", null)]
    [InlineData("1999-10-11", "振替休日")]
    [InlineData("2000-10-09", "体育の日")]
    [InlineData("2015-08-11", null)]
    [InlineData("2016-08-11", "山の日")]
    [InlineData("1966-02-11", null)]
    [InlineData("1967-02-11", "建国記念の日")]
    [InlineData("1965-09-15", null)]
    [InlineData("1966-09-15", "敬老の日")]
    [InlineData("1966-10-10", "体育の日")]
    [InlineData("1989-12-23", "天皇誕生日")]
    [InlineData("1988-12-23", null)]
    public void Fixed_dates_follow_the_amendments(string date, string? name)
    {
        Assert.Equal(name, JapaneseHolidays.NameOf(D(date)));
    }

    [Theory]
    [InlineData("1959-04-10", "皇太子明仁親王の結婚の儀")]
    [InlineData("1989-02-24", "昭和天皇の大喪の礼")]
    [InlineData("1990-11-12", "即位礼正殿の儀")]
    [InlineData("1993-06-09", "皇太子徳仁親王の結婚の儀")]
    [InlineData("2019-05-01", "天皇の即位の日")]
    [InlineData("2019-10-22", "即位礼正殿の儀")]
    public void One_off_laws_add_special_holidays(string date, string name)
    {
        var holiday = JapaneseHolidays.Find(D(date));
        Assert.NotNull(holiday);
        Assert.Equal(name, holiday.NameJa);
        Assert.Equal(HolidayKind.Special, holiday.Kind);
        Assert.Equal(name, holiday.Name.Ja);
        Assert.Equal(holiday.NameEn, holiday.Name.En);
    }

    [Fact]
    public void The_law_starts_on_1948_07_20()
    {
        Assert.Empty(JapaneseHolidays.For(1947));
        Assert.Empty(JapaneseHolidays.For(1));
        Assert.False(JapaneseHolidays.IsHoliday(D("1948-01-01")));
        Assert.False(JapaneseHolidays.IsHoliday(D("1948-05-05")));
        Assert.Equal(["1948-09-23 秋分の日", "1948-11-03 文化の日", "1948-11-23 勤労感謝の日"],
            JapaneseHolidays.For(1948).Select(h => $"{h.Date:yyyy-MM-dd} {h.NameJa}"));
        Assert.Equal("元日", JapaneseHolidays.NameOf(D("1949-01-01")));
    }

    [Fact]
    public void Years_after_2150_are_refused()
    {
        Assert.NotEmpty(JapaneseHolidays.For(2150));
        Assert.Throws<ArgumentOutOfRangeException>(() => JapaneseHolidays.For(2151));
        Assert.Throws<ArgumentOutOfRangeException>(() => JapaneseHolidays.For(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => JapaneseHolidays.IsHoliday(new DateOnly(2151, 1, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => JapaneseHolidays.VernalEquinox(2151));
        Assert.Throws<ArgumentOutOfRangeException>(() => JapaneseHolidays.VernalEquinox(1899));
    }

    [Theory]
    [InlineData(1960, 20, 23)] // 1900–1979 formula; truncation toward zero matters here
    [InlineData(1976, 20, 23)]
    [InlineData(1978, 21, 23)]
    [InlineData(1979, 21, 24)]
    [InlineData(1980, 20, 23)]
    [InlineData(2011, 21, 23)]
    [InlineData(2012, 20, 22)] // first 9/22 autumn equinox of the period
    [InlineData(2025, 20, 23)]
    [InlineData(2026, 20, 23)]
    [InlineData(2027, 21, 23)]
    [InlineData(2044, 20, 22)]
    [InlineData(2092, 19, 22)] // first 3/19 vernal equinox
    [InlineData(2099, 20, 23)]
    [InlineData(2100, 20, 23)] // third constant: 2100 is not a leap year
    public void Equinoxes_follow_the_published_approximation(int year, int marchDay, int septemberDay)
    {
        Assert.Equal(new DateOnly(year, 3, marchDay), JapaneseHolidays.VernalEquinox(year));
        Assert.Equal(new DateOnly(year, 9, septemberDay), JapaneseHolidays.AutumnalEquinox(year));
        if (year >= 1949)
        {
            Assert.Equal("春分の日", JapaneseHolidays.NameOf(new DateOnly(year, 3, marchDay)));
            Assert.Equal("秋分の日", JapaneseHolidays.NameOf(new DateOnly(year, 9, septemberDay)));
        }
    }

    [Fact]
    public void Monday_holidays_are_always_mondays_and_holidays_never_collide_from_1980_to_2150()
    {
        string[] mondays = ["成人の日", "海の日", "敬老の日", "体育の日", "スポーツの日"];
        var all = Enumerable.Range(1980, 2150 - 1980 + 1).SelectMany(JapaneseHolidays.For).ToList();
        Assert.All(all.Where(h => mondays.Contains(h.NameJa) && h.Date.Year >= 2003 && h.Date.Year is not (2020 or 2021)),
            h => Assert.Equal(DayOfWeek.Monday, h.Date.DayOfWeek));
        Assert.All(all.Where(h => h.Kind == HolidayKind.Substitute), h => Assert.NotEqual(DayOfWeek.Sunday, h.Date.DayOfWeek));

        // From 2007 every Sunday 祝日 has a 振替休日 on the first following day that is not one.
        foreach (var sunday in all.Where(h => h.Kind == HolidayKind.National && h.Date.DayOfWeek == DayOfWeek.Sunday && h.Date.Year >= 2007))
        {
            var day = sunday.Date.AddDays(1);
            while (JapaneseHolidays.Find(day)?.Kind == HolidayKind.National)
            {
                day = day.AddDays(1);
            }

            Assert.Equal(HolidayKind.Substitute, JapaneseHolidays.Find(day)?.Kind);
        }

        Assert.Equal(all.Count, all.Select(h => h.Date).Distinct().Count());
    }

    [Fact]
    public void Between_covers_both_ends_and_crosses_years()
    {
        var holidays = JapaneseHolidays.Between(D("2025-12-23"), D("2026-01-12")).Select(h => h.Date).ToList();
        Assert.Equal([D("2026-01-01"), D("2026-01-12")], holidays);
        Assert.Empty(JapaneseHolidays.Between(D("1900-01-01"), D("1948-07-19")));
        Assert.Empty(JapaneseHolidays.Between(D("2026-01-12"), D("2026-01-01")));
    }
}
