using Madoguchi.Core.Japanese;

namespace Madoguchi.Core.Tests.Japanese;

public sealed class WarekiTests
{
    [Theory]
    [InlineData("2026-04-01", "令和8年4月1日")]
    [InlineData("2019-05-01", "令和元年5月1日")]
    [InlineData("2019-04-30", "平成31年4月30日")]
    [InlineData("1989-01-08", "平成元年1月8日")]
    [InlineData("1989-01-07", "昭和64年1月7日")]
    [InlineData("1926-12-25", "昭和元年12月25日")]
    [InlineData("1926-12-24", "大正15年12月24日")]
    [InlineData("1912-07-30", "大正元年7月30日")]
    [InlineData("1912-07-29", "明治45年7月29日")]
    [InlineData("2000-12-31", "平成12年12月31日")]
    public void Format_writes_the_era_and_first_year_as_gannen(string iso, string expected)
    {
        Assert.Equal(expected, Wareki.Format(DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Format_falls_back_to_the_western_calendar_before_the_calendar_range()
    {
        Assert.Equal("1868年1月1日", Wareki.Format(new DateOnly(1868, 1, 1)));
    }

    [Theory]
    [InlineData("2026-04-01", "2026-04-01")]
    [InlineData("2026/4/1", "2026-04-01")]
    [InlineData("2026.04.01", "2026-04-01")]
    [InlineData("20260401", "2026-04-01")]
    [InlineData("2026年4月1日", "2026-04-01")]
    [InlineData("２０２６年４月１日", "2026-04-01")]
    [InlineData("令和8年4月1日", "2026-04-01")]
    [InlineData("令和８年４月１日", "2026-04-01")]
    [InlineData(" 令和 8 年 4 月 1 日 ", "2026-04-01")]
    [InlineData("令和元年5月1日", "2019-05-01")]
    [InlineData("令和1年5月1日", "2019-05-01")]
    [InlineData("R8.4.1", "2026-04-01")]
    [InlineData("R8/4/1", "2026-04-01")]
    [InlineData("r8-4-1", "2026-04-01")]
    [InlineData("R08.04.01", "2026-04-01")]
    [InlineData("Ｒ８．４．１", "2026-04-01")]
    [InlineData("令8.4.1", "2026-04-01")]
    [InlineData("H31.4.30", "2019-04-30")]
    [InlineData("平成31年4月30日", "2019-04-30")]
    [InlineData("㍻31年4月30日", "2019-04-30")]
    [InlineData("S64.1.7", "1989-01-07")]
    [InlineData("昭和64年1月7日", "1989-01-07")]
    [InlineData("平成元年1月8日", "1989-01-08")]
    [InlineData("H1.1.8", "1989-01-08")]
    [InlineData("S60.4.1", "1985-04-01")]
    [InlineData("大正15年12月25日", "1926-12-25")] // same-day change: both spellings
    [InlineData("昭和元年12月25日", "1926-12-25")]
    [InlineData("T15.12.25", "1926-12-25")]
    [InlineData("S1.12.25", "1926-12-25")]
    [InlineData("明治45年7月30日", "1912-07-30")]
    [InlineData("大正元年7月30日", "1912-07-30")]
    [InlineData("M45.7.29", "1912-07-29")]
    [InlineData("2024-02-29", "2024-02-29")]
    public void TryParse_reads_iso_western_and_era_dates(string input, string expectedIso)
    {
        Assert.True(Wareki.TryParse(input, out var date), input);
        Assert.Equal(expectedIso, date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("令和1年4月30日")] // before 令和 began
    [InlineData("R1.4.30")]
    [InlineData("平成32年1月1日")] // after 平成 ended
    [InlineData("平成31年5月1日")] // 令和 from this day on
    [InlineData("昭和64年1月8日")] // 平成 from this day on (changes are next-day since 元号法)
    [InlineData("平成元年1月7日")]
    [InlineData("大正15年12月26日")]
    [InlineData("昭和元年12月24日")]
    [InlineData("令和0年5月1日")]
    [InlineData("2026-02-30")]
    [InlineData("2023-02-29")]
    [InlineData("2026-13-01")]
    [InlineData("0000-01-01")]
    [InlineData("R8.4")]
    [InlineData("X8.4.1")]
    [InlineData("令和8年4月1")]
    [InlineData("天平8年4月1日")]
    [InlineData("yesterday")]
    [InlineData("2026-04-01T00:00:00")]
    [InlineData("\uD800")]
    public void TryParse_rejects_impossible_or_out_of_era_dates(string? input)
    {
        Assert.False(Wareki.TryParse(input, out _));
    }

    [Fact]
    public void Format_and_TryParse_round_trip_every_day_across_the_modern_eras()
    {
        for (var date = new DateOnly(1912, 1, 1); date <= new DateOnly(2030, 12, 31); date = date.AddDays(7))
        {
            Assert.True(Wareki.TryParse(Wareki.Format(date), out var parsed));
            Assert.Equal(date, parsed);
        }
    }
}
