namespace Madoguchi.Core.Expressions;

/// <summary>Calendar rules of the language: date text, month arithmetic and age.</summary>
internal static class ExprDates
{
    /// <summary>
    /// Reads <c>yyyy-m-d</c> or <c>yyyy/m/d</c> (one separator kind, month and day with one or two digits, 全角 digits
    /// and separators accepted), years 0001–9999; null when not a real calendar date.
    /// </summary>
    public static DateOnly? Parse(string text)
    {
        var i = 0;
        if (Number(text, ref i, 4, 4) is not { } year || i >= text.Length)
        {
            return null;
        }

        var separator = ExprLexer.Narrow(text[i]);
        if (separator is not ('-' or '/'))
        {
            return null;
        }

        i++;
        if (Number(text, ref i, 1, 2) is not { } month || i >= text.Length || ExprLexer.Narrow(text[i]) != separator)
        {
            return null;
        }

        i++;
        if (Number(text, ref i, 1, 2) is not { } day || i != text.Length)
        {
            return null;
        }

        return Create(year, month, day);
    }

    public static DateOnly? Create(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    /// <summary>The same day <paramref name="months"/> later, or the month's last day when it is shorter (1-31 + 1 month = 2-28/29).</summary>
    public static DateOnly? AddMonths(DateOnly date, long months)
    {
        var total = (date.Year * 12L) + (date.Month - 1) + months;
        if (total < 12 || total >= 10000 * 12L)
        {
            return null;
        }

        var year = (int)(total / 12);
        var month = (int)(total % 12) + 1;
        return new DateOnly(year, month, Math.Min(date.Day, DateTime.DaysInMonth(year, month)));
    }

    /// <summary>
    /// Full years from <paramref name="birth"/> to <paramref name="at"/> (年齢計算ニ関スル法律: a year is completed at
    /// the end of the day before the anniversary, so the age changes on the anniversary; someone born on 29 February
    /// changes age on 1 March in common years). Null when <paramref name="at"/> is before the birth.
    /// </summary>
    public static int? Age(DateOnly birth, DateOnly at)
    {
        if (at < birth)
        {
            return null;
        }

        var years = at.Year - birth.Year;
        var (month, day) = birth is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(at.Year) ? (3, 1) : (birth.Month, birth.Day);
        if (at.Month < month || (at.Month == month && at.Day < day))
        {
            years--;
        }

        return years;
    }

    private static int? Number(string text, ref int i, int min, int max)
    {
        var value = 0;
        var count = 0;
        while (i < text.Length && count < max && ExprLexer.Narrow(text[i]) is var c && char.IsAsciiDigit(c))
        {
            value = (value * 10) + (c - '0');
            count++;
            i++;
        }

        return count >= min ? value : null;
    }
}
