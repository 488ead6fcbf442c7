using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Calendar;

/// <summary>Why a day is a holiday: which provision of which law makes it one.</summary>
public enum HolidayKind
{
    /// <summary>国民の祝日: a day named in article 2 of 国民の祝日に関する法律 (including the Olympic moves of 2020 and 2021).</summary>
    National,

    /// <summary>振替休日 (article 3(2)): the day after a 国民の祝日 that falls on a Sunday.</summary>
    Substitute,

    /// <summary>国民の休日 (article 3(3)): a day whose previous and next days are both 国民の祝日.</summary>
    Citizens,

    /// <summary>A day made a 休日 by its own one-off law (大喪の礼, 即位礼正殿の儀, 結婚の儀, 天皇の即位の日).</summary>
    Special,
}

/// <summary>One holiday: its date, its name in Japanese and English, and the provision it comes from.</summary>
/// <param name="Date">The day.</param>
/// <param name="NameJa">Name in the law; where the Cabinet Office's CSV has a generic label (「休日」) the provision's name is used (振替休日, 国民の休日).</param>
/// <param name="NameEn">English name, following the Cabinet Office's English page where it has one.</param>
/// <param name="Kind">The provision that makes the day a holiday.</param>
public sealed record Holiday(DateOnly Date, string NameJa, string NameEn, HolidayKind Kind)
{
    /// <summary>The name as UI text.</summary>
    public LocalizedText Name => new(NameJa, NameEn);
}
