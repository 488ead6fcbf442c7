namespace Madoguchi.Core.Procedures;

/// <summary>Rules shared by the parser (which proves a pattern compiles) and the validator (which runs it).</summary>
internal static class TextRules
{
    /// <summary>
    /// Author-supplied patterns run against citizen input, so a catastrophic-backtracking pattern must not be
    /// able to pin a server thread; 200 ms is far beyond any sane pattern on a 4,000-character answer.
    /// </summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>The whole answer must match, whatever anchors the author wrote or forgot.</summary>
    public static string AnchorPattern(string pattern) => $@"\A(?:{pattern})\z";
}
