using System.Globalization;
using System.Text.RegularExpressions;

namespace Madoguchi.Core.Japanese;

/// <summary>
/// 和暦 (Japanese era dates) at the edge: formatting for display and parsing what applicants type. Dates are
/// stored as ISO; the era list comes from .NET's <see cref="JapaneseCalendar"/> (ICU data), never from this
/// file, so a new era arrives with a runtime update (research 3.1).
/// </summary>
public static partial class Wareki
{
    /// <summary>
    /// 元号法 (1979-06-12). Before it an era changed on the day of accession, so that day belongs to both eras
    /// (1912-07-30 is 明治45年 and 大正元年; 1926-12-25 is 大正15年 and 昭和元年). Under it the new era starts the
    /// next day, so each day has one era. Encoding the legal rule rather than a list keeps future eras correct.
    /// </summary>
    private static readonly DateOnly _eraLawDate = new(1979, 6, 12);

    /// <summary>
    /// Latin initials used on forms (R8.4.1). ICU carries no romanised era names (en-JP reports 令和), so when
    /// the culture data has no ASCII abbreviation the initial is looked up here by the ICU-reported name.
    /// An era missing here still parses and formats in kanji.
    /// </summary>
    private static readonly Dictionary<string, char> _initialsByName = new(StringComparer.Ordinal)
    {
        ["明治"] = 'M',
        ["大正"] = 'T',
        ["昭和"] = 'S',
        ["平成"] = 'H',
        ["令和"] = 'R',
    };

    private static readonly JapaneseCalendar _calendar = new();
    private static readonly Era[] _eras = LoadEras();
    private static readonly Regex _eraDate = BuildEraRegex();

    private sealed record Era(int Number, string Name, string Abbreviation, char? Initial, DateOnly Start, DateOnly? End);

    /// <summary>
    /// 「令和8年4月1日」; the first year of an era is 「元年」. Dates before the calendar's range (before
    /// 1868-09-08 in .NET) are written in the Western calendar as 「1868年1月1日」.
    /// </summary>
    public static string Format(DateOnly date)
    {
        var dateTime = date.ToDateTime(TimeOnly.MinValue);
        if (dateTime < _calendar.MinSupportedDateTime)
        {
            return $"{date.Year}年{date.Month}月{date.Day}日";
        }

        var number = _calendar.GetEra(dateTime);
        var year = _calendar.GetYear(dateTime);
        var name = _eras.First(e => e.Number == number).Name;
        var yearText = year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture);
        return $"{name}{yearText}年{date.Month}月{date.Day}日";
    }

    /// <summary>
    /// Reads 2026-04-01, 2026/4/1, 20260401, 2026年4月1日, 令和8年4月1日, 令和元年5月1日, R8.4.1, r8-4-1, H31.4.30,
    /// 平成元年1月8日, in 全角 or 半角 and with spaces anywhere. An era year must fall inside the era
    /// (平成32年 and 令和1年4月30日 are rejected); on the pre-1979 change days both spellings are accepted.
    /// </summary>
    public static bool TryParse(string? input, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 64 || Width.TryNormalizeKc(input) is not { } normalized)
        {
            return false;
        }

        var compact = string.Concat(normalized.Where(c => !char.IsWhiteSpace(c)));
        try
        {
            var western = WesternDate().Match(compact);
            if (western.Success)
            {
                return TryCreate(Int(western, "y"), Int(western, "m"), Int(western, "d"), out date);
            }

            var eraMatch = _eraDate.Match(compact);
            if (!eraMatch.Success)
            {
                return false;
            }

            var era = FindEra(eraMatch.Groups["era"].Value);
            if (era is null)
            {
                return false;
            }

            var eraYear = eraMatch.Groups["y"].Value == "元" ? 1 : Int(eraMatch, "y");
            if (eraYear < 1
                || !TryCreate(era.Start.Year + eraYear - 1, Int(eraMatch, "m"), Int(eraMatch, "d"), out var candidate)
                || candidate < era.Start
                || (era.End is { } end && candidate > end))
            {
                return false;
            }

            date = candidate;
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^(?<y>\d{4})(?:[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})|年(?<m>\d{1,2})月(?<d>\d{1,2})日|(?<m>\d{2})(?<d>\d{2}))$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex WesternDate();

    private static int Int(Match match, string group) =>
        int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);

    private static bool TryCreate(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static Era? FindEra(string token) =>
        _eras.FirstOrDefault(e =>
            e.Name == token
            || e.Abbreviation == token
            || (token.Length == 1 && e.Initial is { } initial && char.ToUpperInvariant(token[0]) == initial));

    private static Era[] LoadEras()
    {
        var japanese = new CultureInfo("ja-JP");
        japanese.DateTimeFormat.Calendar = _calendar;
        var english = TryEnglishFormat();

        var starts = _calendar.Eras
            .Select(number => (Number: number, Start: FindStart(number)))
            .OrderBy(e => e.Start)
            .ToArray();

        var eras = new Era[starts.Length];
        for (var i = 0; i < starts.Length; i++)
        {
            var (number, start) = starts[i];
            var name = japanese.DateTimeFormat.GetEraName(number);
            var abbreviation = japanese.DateTimeFormat.GetAbbreviatedEraName(number);

            char? initial = null;
            var englishAbbreviation = english?.GetAbbreviatedEraName(number);
            if (englishAbbreviation is { Length: 1 } && char.IsAsciiLetter(englishAbbreviation[0]))
            {
                initial = char.ToUpperInvariant(englishAbbreviation[0]);
            }
            else if (_initialsByName.TryGetValue(name, out var mapped))
            {
                initial = mapped;
            }

            DateOnly? end = null;
            if (i + 1 < starts.Length)
            {
                var next = starts[i + 1].Start;
                end = next < _eraLawDate ? next : next.AddDays(-1);
            }

            eras[i] = new Era(number, name, abbreviation, initial, start, end);
        }

        return eras;
    }

    private static DateTimeFormatInfo? TryEnglishFormat()
    {
        try
        {
            var english = new CultureInfo("en-JP");
            english.DateTimeFormat.Calendar = new JapaneseCalendar();
            return english.DateTimeFormat;
        }
        catch (Exception ex) when (ex is CultureNotFoundException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The first day the calendar reports <paramref name="era"/>: its year comes from the calendar, the day by search.</summary>
    private static DateOnly FindStart(int era)
    {
        var min = _calendar.MinSupportedDateTime;
        DateTime year;
        try
        {
            year = _calendar.ToDateTime(1, 1, 1, 0, 0, 0, 0, era);
        }
        catch (ArgumentOutOfRangeException)
        {
            year = min;
        }

        var day = new DateTime(year.Year, 1, 1);
        if (day < min)
        {
            day = min;
        }

        for (var i = 0; i < 400 && _calendar.GetEra(day) != era; i++)
        {
            day = day.AddDays(1);
        }

        return DateOnly.FromDateTime(day);
    }

    private static Regex BuildEraRegex()
    {
        var tokens = _eras
            .SelectMany(e => new[] { e.Name, e.Abbreviation })
            .Concat(_eras.Where(e => e.Initial is not null).Select(e => e.Initial!.Value.ToString()))
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(t => t.Length)
            .Select(Regex.Escape);
        var pattern = $@"^(?<era>{string.Join('|', tokens)})(?<y>元|\d{{1,3}})(?:[-/.](?<m>\d{{1,2}})[-/.](?<d>\d{{1,2}})|年(?<m>\d{{1,2}})月(?<d>\d{{1,2}})日)$";
        return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }
}
