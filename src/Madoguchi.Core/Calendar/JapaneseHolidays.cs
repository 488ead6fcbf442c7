using System.Collections.Frozen;

namespace Madoguchi.Core.Calendar;

/// <summary>
/// Japan's national holidays computed by rule from 国民の祝日に関する法律 (Act No. 178 of 1948) and its amendments,
/// plus the days made holidays by one-off laws. Rules, dates and sources are in docs/business-calendar.md; the
/// result for 1980–2027 is checked against the Cabinet Office's list (tests/vectors/holidays-1980-2027.csv).
/// </summary>
/// <remarks>
/// Years before the law (before 1948-07-20) have no holidays. Years after <see cref="LastYear"/> are refused:
/// 春分の日 and 秋分の日 are announced each February for the next year, and the approximation used for them is only
/// published up to 2150. Every list is computed once, when the class is first used, and shared.
/// </remarks>
public static class JapaneseHolidays
{
    /// <summary>The first year with holidays: the law came into force on 1948-07-20.</summary>
    public const int FirstYear = 1948;

    /// <summary>The last year the equinox approximation covers.</summary>
    public const int LastYear = 2150;

    /// <summary>国民の祝日に関する法律 came into force on its promulgation, 1948-07-20.</summary>
    public static readonly DateOnly LawInForce = new(1948, 7, 20);

    /// <summary>振替休日 applies to Sunday holidays on or after the 1973 amendment (promulgated and in force 1973-04-12).</summary>
    public static readonly DateOnly SubstituteHolidaysFrom = new(1973, 4, 12);

    /// <summary>The 2005 amendment (in force 2007-01-01) moves a 振替休日 past following 祝日 instead of only to Monday.</summary>
    public static readonly DateOnly SubstituteRuleRevised = new(2007, 1, 1);

    /// <summary>国民の休日 exists from the 1985 amendment (promulgated and in force 1985-12-27).</summary>
    public static readonly DateOnly CitizensHolidaysFrom = new(1985, 12, 27);

    private static readonly HolidayName _newYear = new("元日", "New Year's Day");
    private static readonly HolidayName _comingOfAge = new("成人の日", "Coming of Age Day");
    private static readonly HolidayName _foundation = new("建国記念の日", "National Foundation Day");
    private static readonly HolidayName _emperorsBirthday = new("天皇誕生日", "The Emperor's Birthday");
    private static readonly HolidayName _vernalEquinox = new("春分の日", "Vernal Equinox Day");
    private static readonly HolidayName _showa = new("昭和の日", "Showa Day");
    private static readonly HolidayName _constitution = new("憲法記念日", "Constitution Memorial Day");
    private static readonly HolidayName _greenery = new("みどりの日", "Greenery Day");
    private static readonly HolidayName _children = new("こどもの日", "Children's Day");
    private static readonly HolidayName _marine = new("海の日", "Marine Day");
    private static readonly HolidayName _mountain = new("山の日", "Mountain Day");
    private static readonly HolidayName _respectForTheAged = new("敬老の日", "Respect for the Aged Day");
    private static readonly HolidayName _autumnalEquinox = new("秋分の日", "Autumnal Equinox Day");
    private static readonly HolidayName _healthAndSports = new("体育の日", "Health and Sports Day");
    private static readonly HolidayName _sports = new("スポーツの日", "Sports Day");
    private static readonly HolidayName _culture = new("文化の日", "Culture Day");
    private static readonly HolidayName _labourThanksgiving = new("勤労感謝の日", "Labour Thanksgiving Day");
    private static readonly HolidayName _substitute = new("振替休日", "Substitute Holiday");
    private static readonly HolidayName _citizens = new("国民の休日", "Citizens' Holiday");

    /// <summary>
    /// Days made holidays by their own laws. Only the two of 2019 are deemed 国民の祝日 for articles 3(2) and 3(3)
    /// (their law says so), which is what makes 2019-04-30 and 2019-05-02 国民の休日; the older laws only declare a 休日,
    /// and none of those days has a holiday next to it, so the difference never shows.
    /// </summary>
    private static readonly SpecialDay[] _specialDays =
    [
        new(new DateOnly(1959, 4, 10), new("皇太子明仁親王の結婚の儀", "The Wedding Ceremony of Crown Prince Akihito"), false),
        new(new DateOnly(1989, 2, 24), new("昭和天皇の大喪の礼", "The Funeral Ceremony of Emperor Showa"), false),
        new(new DateOnly(1990, 11, 12), new("即位礼正殿の儀", "The Ceremony of the Enthronement"), false),
        new(new DateOnly(1993, 6, 9), new("皇太子徳仁親王の結婚の儀", "The Wedding Ceremony of Crown Prince Naruhito"), false),
        new(new DateOnly(2019, 5, 1), new("天皇の即位の日", "The Day of the Emperor's Enthronement"), true),
        new(new DateOnly(2019, 10, 22), new("即位礼正殿の儀", "The Ceremony of the Enthronement"), true),
    ];

    private static readonly Holiday[][] _byYear = ComputeAll();

    private static readonly FrozenDictionary<DateOnly, Holiday> _byDate =
        _byYear.SelectMany(year => year).ToFrozenDictionary(h => h.Date);

    private sealed record HolidayName(string Ja, string En);

    private sealed record SpecialDay(DateOnly Date, HolidayName Name, bool CountsAsNationalHoliday);

    /// <summary>Every holiday of <paramref name="year"/> in date order; empty before <see cref="FirstYear"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is after <see cref="LastYear"/> or below 1.</exception>
    public static IReadOnlyList<Holiday> For(int year)
    {
        CheckYear(year);
        return year < FirstYear ? [] : _byYear[year - FirstYear];
    }

    /// <summary>Every holiday from <paramref name="from"/> to <paramref name="to"/>, both included, in date order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range reaches past <see cref="LastYear"/>.</exception>
    public static IEnumerable<Holiday> Between(DateOnly from, DateOnly to)
    {
        CheckYear(to.Year);
        for (var year = Math.Max(from.Year, FirstYear); year <= to.Year; year++)
        {
            foreach (var holiday in _byYear[year - FirstYear])
            {
                if (holiday.Date >= from && holiday.Date <= to)
                {
                    yield return holiday;
                }
            }
        }
    }

    /// <summary>True for any holiday: 国民の祝日, 振替休日, 国民の休日 or a day made a holiday by a one-off law.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is after <see cref="LastYear"/>.</exception>
    public static bool IsHoliday(DateOnly date) => Find(date) is not null;

    /// <summary>The holiday on <paramref name="date"/>, or null.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is after <see cref="LastYear"/>.</exception>
    public static Holiday? Find(DateOnly date)
    {
        CheckYear(date.Year);
        return _byDate.GetValueOrDefault(date);
    }

    /// <summary>The Japanese name of the holiday on <paramref name="date"/> (「春分の日」, 「振替休日」), or null.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is after <see cref="LastYear"/>.</exception>
    public static string? NameOf(DateOnly date) => Find(date)?.NameJa;

    /// <summary>
    /// 春分日 by the approximation published by 海上保安庁水路部 (the formula every almanac uses):
    /// day = int(A + 0.242194 (y − 1980) − int((y − B) / 4)) in March, with (A, B) = (20.8357, 1983) for 1900–1979,
    /// (20.8431, 1980) for 1980–2099 and (21.8510, 1980) for 2100–2150. The inner int truncates toward zero.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 1900–2150.</exception>
    public static DateOnly VernalEquinox(int year) => new(year, 3, EquinoxDay(year, 20_835_700, 20_843_100, 21_851_000));

    /// <summary>秋分日 by the same approximation, with A = 23.2588 (1900–1979), 23.2488 (1980–2099), 24.2488 (2100–2150).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 1900–2150.</exception>
    public static DateOnly AutumnalEquinox(int year) => new(year, 9, EquinoxDay(year, 23_258_800, 23_248_800, 24_248_800));

    /// <summary>
    /// The formula in millionths, so no floating-point rounding can move a day. C#'s integer division truncates
    /// toward zero like the formula's int() (the 1900–1979 term is negative; truncation is what matches the
    /// recorded dates, e.g. 1960-03-20 and 1976-03-20).
    /// </summary>
    private static int EquinoxDay(int year, long before1980, long from1980, long from2100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1900);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, LastYear);
        var (constant, leapBase) = year switch
        {
            < 1980 => (before1980, 1983),
            < 2100 => (from1980, 1980),
            _ => (from2100, 1980),
        };
        var micro = constant + (242_194L * (year - 1980)) - (1_000_000L * ((year - leapBase) / 4));
        return (int)(micro / 1_000_000);
    }

    private static void CheckYear(int year)
    {
        if (year is < 1 or > LastYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year,
                $"Japanese holidays are known for years up to {LastYear}; the equinox days after that are not published.");
        }
    }

    private static Holiday[][] ComputeAll()
    {
        var all = new Holiday[LastYear - FirstYear + 1][];
        for (var year = FirstYear; year <= LastYear; year++)
        {
            all[year - FirstYear] = Compute(year);
        }

        return all;
    }

    private static Holiday[] Compute(int year)
    {
        var holidays = new SortedDictionary<DateOnly, Holiday>();

        // Days that count as 国民の祝日 for article 3(2) (振替休日) and 3(3) (国民の休日).
        var national = new SortedSet<DateOnly>();

        foreach (var (date, name) in NationalHolidays(year))
        {
            if (date >= LawInForce)
            {
                holidays.Add(date, new Holiday(date, name.Ja, name.En, HolidayKind.National));
                national.Add(date);
            }
        }

        foreach (var special in _specialDays.Where(s => s.Date.Year == year))
        {
            holidays.Add(special.Date, new Holiday(special.Date, special.Name.Ja, special.Name.En, HolidayKind.Special));
            if (special.CountsAsNationalHoliday)
            {
                national.Add(special.Date);
            }
        }

        // Article 3(2). 1973–2006: "the next day" (a Monday; it never was a 祝日 itself).
        // From 2007: "the nearest following day that is not a 国民の祝日" (5/3 on a Sunday moves to 5/6).
        foreach (var sunday in national.Where(d => d.DayOfWeek == DayOfWeek.Sunday && d >= SubstituteHolidaysFrom))
        {
            var substitute = sunday.AddDays(1);
            if (sunday >= SubstituteRuleRevised)
            {
                while (national.Contains(substitute))
                {
                    substitute = substitute.AddDays(1);
                }
            }

            if (!holidays.ContainsKey(substitute))
            {
                holidays.Add(substitute, new Holiday(substitute, _substitute.Ja, _substitute.En, HolidayKind.Substitute));
            }
        }

        // Article 3(3): a day between two 国民の祝日, unless it is a Sunday or already a 振替休日.
        foreach (var before in national)
        {
            var day = before.AddDays(1);
            if (day >= CitizensHolidaysFrom
                && national.Contains(day.AddDays(1))
                && day.DayOfWeek != DayOfWeek.Sunday
                && !holidays.ContainsKey(day))
            {
                holidays.Add(day, new Holiday(day, _citizens.Ja, _citizens.En, HolidayKind.Citizens));
            }
        }

        return [.. holidays.Values.Where(h => h.Date.Year == year)];
    }

    /// <summary>Article 2 of the law as amended over time; one entry per 祝日 in force in <paramref name="year"/>.</summary>
    private static IEnumerable<(DateOnly Date, HolidayName Name)> NationalHolidays(int year)
    {
        yield return (new(year, 1, 1), _newYear);

        // 成人の日: 1/15; the ハッピーマンデー amendment of 1998 (in force 2000) makes it the 2nd Monday of January.
        yield return (year < 2000 ? new(year, 1, 15) : NthMonday(year, 1, 2), _comingOfAge);

        // 建国記念の日: added in 1966, date fixed by cabinet order as 2/11, first observed 1967.
        if (year >= 1967)
        {
            yield return (new(year, 2, 11), _foundation);
        }

        // 天皇誕生日 follows the reigning emperor: 4/29 (Showa) to 1988, 12/23 (Heisei) 1989–2018, none in 2019,
        // 2/23 (Reiwa) from 2020.
        if (year <= 1988)
        {
            yield return (new(year, 4, 29), _emperorsBirthday);
        }
        else if (year <= 2018)
        {
            yield return (new(year, 12, 23), _emperorsBirthday);
        }
        else if (year >= 2020)
        {
            yield return (new(year, 2, 23), _emperorsBirthday);
        }

        yield return (VernalEquinox(year), _vernalEquinox);

        // 4/29 after 1989: みどりの日 until 2006; the 2005 amendment (in force 2007) renames it 昭和の日 and moves
        // みどりの日 to 5/4.
        if (year is >= 1989 and <= 2006)
        {
            yield return (new(year, 4, 29), _greenery);
        }
        else if (year >= 2007)
        {
            yield return (new(year, 4, 29), _showa);
        }

        yield return (new(year, 5, 3), _constitution);
        if (year >= 2007)
        {
            yield return (new(year, 5, 4), _greenery);
        }

        yield return (new(year, 5, 5), _children);

        // 海の日: 7/20 from 1996, 3rd Monday of July from 2003; moved for the Tokyo Olympics by the special
        // measures act (2020: 7/23; 2021: 7/22).
        switch (year)
        {
            case 2020:
                yield return (new(year, 7, 23), _marine);
                break;
            case 2021:
                yield return (new(year, 7, 22), _marine);
                break;
            case >= 2003:
                yield return (NthMonday(year, 7, 3), _marine);
                break;
            case >= 1996:
                yield return (new(year, 7, 20), _marine);
                break;
            default:
                break;
        }

        // 山の日: 8/11 from 2016; Olympic moves 2020: 8/10, 2021: 8/8 (a Sunday, so 8/9 is a 振替休日).
        switch (year)
        {
            case 2020:
                yield return (new(year, 8, 10), _mountain);
                break;
            case 2021:
                yield return (new(year, 8, 8), _mountain);
                break;
            case >= 2016:
                yield return (new(year, 8, 11), _mountain);
                break;
            default:
                break;
        }

        // 敬老の日: 9/15 from 1966, 3rd Monday of September from 2003.
        if (year >= 2003)
        {
            yield return (NthMonday(year, 9, 3), _respectForTheAged);
        }
        else if (year >= 1966)
        {
            yield return (new(year, 9, 15), _respectForTheAged);
        }

        yield return (AutumnalEquinox(year), _autumnalEquinox);

        // 体育の日: 10/10 from 1966, 2nd Monday of October 2000–2019; renamed スポーツの日 from 2020, whose 2020 and
        // 2021 dates were moved to the Olympic opening days (7/24, 7/23).
        switch (year)
        {
            case 2020:
                yield return (new(year, 7, 24), _sports);
                break;
            case 2021:
                yield return (new(year, 7, 23), _sports);
                break;
            case >= 2022:
                yield return (NthMonday(year, 10, 2), _sports);
                break;
            case >= 2000:
                yield return (NthMonday(year, 10, 2), _healthAndSports);
                break;
            case >= 1966:
                yield return (new(year, 10, 10), _healthAndSports);
                break;
            default:
                break;
        }

        yield return (new(year, 11, 3), _culture);
        yield return (new(year, 11, 23), _labourThanksgiving);
    }

    private static DateOnly NthMonday(int year, int month, int n)
    {
        var first = new DateOnly(year, month, 1);
        var toMonday = ((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(toMonday + (7 * (n - 1)));
    }
}
