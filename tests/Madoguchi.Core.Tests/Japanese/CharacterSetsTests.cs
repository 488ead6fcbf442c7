using System.Reflection;
using Madoguchi.Core.Japanese;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Japanese;

public sealed class CharacterSetsTests
{
    private const CharacterProfile _jis = CharacterProfile.JisX0208;
    private const CharacterProfile _jisKana = CharacterProfile.JisX0208WithHalfWidthKana;
    private const CharacterProfile _cp932 = CharacterProfile.Cp932;

    [Theory]
    [InlineData("高", true, true, true)]
    [InlineData("髙", false, false, true)] // IBM extension: CP932 only
    [InlineData("﨑", false, false, true)]
    [InlineData("①", false, false, true)] // NEC special (row 13)
    [InlineData("㈱", false, false, true)]
    [InlineData("Ⅰ", false, false, true)]
    [InlineData("ｱ", false, true, true)]
    [InlineData("ﾞ", false, true, true)]
    [InlineData("𠮷", false, false, false)] // JIS X 0213 plane 2, outside the BMP
    [InlineData("塡", false, false, false)] // JIS X 0213 (2010 常用漢字)
    [InlineData("ア", true, true, true)]
    [InlineData("あ", true, true, true)]
    [InlineData("ヴ", true, true, true)]
    [InlineData("ゔ", false, false, false)]
    [InlineData("∵", true, true, true)] // row 2, also duplicated in NEC row 13
    [InlineData("∑", false, false, true)] // only in NEC row 13
    [InlineData("凜", true, true, true)] // row 84 (JIS X 0208:1990)
    [InlineData("熙", true, true, true)]
    [InlineData("A", true, true, true)]
    [InlineData("~", true, true, true)]
    [InlineData("\\", true, true, true)]
    [InlineData("Ω", true, true, true)]
    [InlineData("é", false, false, false)]
    [InlineData("€", false, false, false)]
    [InlineData("😀", false, false, false)]
    public void Membership_matches_the_standards(string character, bool jis, bool jisKana, bool cp932)
    {
        var codePoint = char.ConvertToUtf32(character, 0);
        Assert.Equal(jis, CharacterSets.Contains(_jis, codePoint));
        Assert.Equal(jisKana, CharacterSets.Contains(_jisKana, codePoint));
        Assert.Equal(cp932, CharacterSets.Contains(_cp932, codePoint));
        Assert.True(CharacterSets.Contains(CharacterProfile.Any, codePoint));
    }

    [Theory]
    [InlineData('\u301C', '\uFF5E')] // 〜 / ～
    [InlineData('\u2016', '\u2225')] // ‖ / ∥
    [InlineData('\u2212', '\uFF0D')] // − / －
    [InlineData('\u2014', '\u2015')] // — / ―
    [InlineData('\u00A2', '\uFFE0')]
    [InlineData('\u00A3', '\uFFE1')]
    [InlineData('\u00AC', '\uFFE2')]
    public void Jis_accepts_both_mappings_of_a_doubly_mapped_cell_and_cp932_only_the_windows_one(char jisForm, char windowsForm)
    {
        Assert.True(CharacterSets.Contains(_jis, jisForm));
        Assert.True(CharacterSets.Contains(_jis, windowsForm));
        Assert.False(CharacterSets.Contains(_cp932, jisForm));
        Assert.True(CharacterSets.Contains(_cp932, windowsForm));
        Assert.Equal(windowsForm.ToString(), CharacterSets.SuggestSubstitute(jisForm.ToString(), _cp932));
        Assert.Equal(windowsForm.ToString(), CharacterSets.ToWindowsCodePoints(jisForm.ToString()));
    }

    [Fact]
    public void Jis_has_the_size_of_jis_x_0208_plus_ascii()
    {
        // JIS X 0208:1997 has 6,879 characters; the seven doubly-mapped cells add one extra code point each.
        var count = Enumerable.Range(0, 0x10000).Count(c => CharacterSets.Contains(_jis, c));
        Assert.Equal(6879 + 95 + 7, count);
    }

    [Fact]
    public void Cp932_excludes_controls_and_the_user_defined_area()
    {
        Assert.False(CharacterSets.Contains(_cp932, '\t'));
        Assert.False(CharacterSets.Contains(_cp932, 0xE000)); // 外字 area maps to the private use area
        Assert.False(CharacterSets.Contains(_cp932, 0x00A5)); // ¥ is not round-trip in Windows-31J
    }

    [Theory]
    [InlineData(0x0009)]
    [InlineData(0x000A)]
    [InlineData(0x007F)]
    [InlineData(0x0085)]
    [InlineData(0x202E)] // RIGHT-TO-LEFT OVERRIDE
    [InlineData(0x2066)]
    [InlineData(0xD800)]
    [InlineData(0x110000)]
    public void Any_excludes_controls_bidi_overrides_and_non_scalars(int codePoint)
    {
        Assert.False(CharacterSets.Contains(CharacterProfile.Any, codePoint));
    }

    [Fact]
    public void Any_accepts_supplementary_characters_and_variation_selectors()
    {
        Assert.True(CharacterSets.IsAllowed("𠮷野家 葛\U000E0100城 👨‍👩‍👧", CharacterProfile.Any));
    }

    [Fact]
    public void Every_substitution_table_entry_goes_from_outside_jis_to_inside()
    {
        var table = (System.Collections.Frozen.FrozenDictionary<string, string>)typeof(CharacterSets)
            .GetField("_substitutes", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        Assert.NotEmpty(table);
        foreach (var (source, target) in table)
        {
            Assert.False(CharacterSets.IsAllowed(source, _jis), $"{source} should be outside JIS X 0208");
            Assert.True(CharacterSets.IsAllowed(target, _jis), $"{target} should be inside JIS X 0208");
            Assert.Equal(target, CharacterSets.SuggestSubstitute(source, _jis));
        }
    }

    [Theory]
    [InlineData("髙", "高")]
    [InlineData("﨑", "崎")]
    [InlineData("𠮷", "吉")]
    [InlineData("①", "1")]
    [InlineData("㈱", "(株)")]
    [InlineData("Ⅲ", "III")]
    [InlineData("ｱ", "ア")]
    [InlineData("㍻", "平成")]
    [InlineData("か\u3099", "が")] // combining 濁点 (one text element)
    [InlineData("葛\U000E0100", "葛")] // IVS: the base character is in JIS X 0208
    [InlineData("¥", "￥")]
    [InlineData("é", null)]
    [InlineData("😀", null)]
    public void SuggestSubstitute_offers_common_replacements_for_jisx0208(string element, string? expected)
    {
        Assert.Equal(expected, CharacterSets.SuggestSubstitute(element, _jis));
    }

    [Fact]
    public void Validate_reports_each_offending_character_with_position_and_suggestion()
    {
        var problems = CharacterSets.Validate("髙橋①ｱ", _jis);

        Assert.Collection(
            problems,
            p =>
            {
                Assert.Equal("characterNotAllowed", p.Code);
                Assert.Equal(1, p.Position);
                Assert.Equal("髙", p.Text);
                Assert.Equal("高", p.Suggestion);
                Assert.Equal("の1文字目「髙」（U+9AD9）は使用できません。この項目で使える文字はJIS第1・第2水準の漢字・かな・記号と半角英数記号です。「高」に置き換えてください。", p.Message.Ja);
                Assert.Equal(": character 1 \"髙\" (U+9AD9) cannot be used; this field accepts JIS X 0208 characters (level 1 and 2 kanji, kana, symbols) and ASCII. Use \"高\" instead.", p.Message.En);
            },
            p => Assert.Equal((3, "①", "1"), (p.Position!.Value, p.Text!, p.Suggestion!)),
            p => Assert.Equal((4, "ｱ", "ア"), (p.Position!.Value, p.Text!, p.Suggestion!)));
    }

    [Fact]
    public void Validate_counts_positions_in_text_elements()
    {
        // 𠮷 (surrogate pair), が written with a combining mark and 葛 with a variation selector each count as one.
        var problems = CharacterSets.Validate("𠮷か\u3099葛\U000E0100髙", _jis);
        Assert.Equal([1, 2, 3, 4], problems.Select(p => p.Position!.Value));
        Assert.Equal(["吉", "が", "葛", "高"], problems.Select(p => p.Suggestion));
        Assert.Equal("か\u3099", problems[1].Text);
    }

    [Fact]
    public void Validate_in_jisx0208_kana_lets_half_width_kana_through()
    {
        Assert.Empty(CharacterSets.Validate("ﾔﾏﾀﾞ ﾀﾛｳ", _jisKana));
        Assert.Single(CharacterSets.Validate("ﾔﾏﾀﾞ ﾀﾛｳ", _jis).Take(1));
    }

    [Fact]
    public void Validate_accepts_what_cp932_round_trips()
    {
        Assert.Empty(CharacterSets.Validate("髙﨑①㈱ｱ～", _cp932));
        var problem = Assert.Single(CharacterSets.Validate("１〜２", _cp932));
        Assert.Equal(2, problem.Position);
        Assert.Equal("～", problem.Suggestion);
        Assert.Contains("Windows-31J (CP932)", problem.Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_names_control_characters_and_line_breaks()
    {
        var problems = CharacterSets.Validate("a\tb\nc\u202Ed", CharacterProfile.Any);
        Assert.Equal(["controlCharacter", "lineBreak", "controlCharacter"], problems.Select(p => p.Code));
        Assert.Equal("の2文字目に使用できない制御文字（U+0009）があります。", problems[0].Message.Ja);
        Assert.Equal(": character 4 is a line break; enter it on one line.", problems[1].Message.En);
        Assert.Equal(6, problems[2].Position);
    }

    [Fact]
    public void Validate_shows_invisible_characters_by_code_point_only()
    {
        var problem = Assert.Single(CharacterSets.Validate("山\u00A0田", _jis));
        Assert.Equal("の2文字目（U+00A0）は使用できません。この項目で使える文字はJIS第1・第2水準の漢字・かな・記号と半角英数記号です。半角スペースに置き換えてください。", problem.Message.Ja);
        Assert.Equal(": character 2 (U+00A0) cannot be used; this field accepts JIS X 0208 characters (level 1 and 2 kanji, kana, symbols) and ASCII. Use a space instead.", problem.Message.En);
        Assert.Equal(" ", problem.Suggestion); // NFKC of NO-BREAK SPACE
        Assert.Empty(CharacterSets.Validate("山\u3000田 ", _jis)); // the ideographic space is JIS X 0208 (1-1)
    }

    [Fact]
    public void Validate_allows_line_breaks_and_tabs_in_multi_line_fields()
    {
        Assert.Empty(CharacterSets.Validate("一行目\r\n二行目\t続き", _jis, allowLineBreaks: true));
    }

    [Fact]
    public void Validate_reports_a_lone_surrogate_as_broken()
    {
        var problem = Assert.Single(CharacterSets.Validate("ab\uD842c", CharacterProfile.Any));
        Assert.Equal("brokenCharacter", problem.Code);
        Assert.Equal(3, problem.Position);
        Assert.Contains("U+D842", problem.Message.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_accepts_empty_text_and_caps_the_number_of_problems()
    {
        Assert.Empty(CharacterSets.Validate("", _jis));
        Assert.Equal(10, CharacterSets.Validate(new string('é', 500), _jis).Count);
        Assert.Equal(3, CharacterSets.Validate(new string('é', 500), _jis, maxProblems: 3).Count);
    }

    [Fact]
    public void Validate_handles_very_long_input()
    {
        var text = string.Concat(Enumerable.Repeat("山田太郎ヤマダタロウabc123", 10_000));
        Assert.Empty(CharacterSets.Validate(text, _jis));
        Assert.True(CharacterSets.IsAllowed(text, _cp932));
    }

    [Theory]
    [InlineData("any", CharacterProfile.Any)]
    [InlineData("jisx0208", CharacterProfile.JisX0208)]
    [InlineData("JISX0208+kana", CharacterProfile.JisX0208WithHalfWidthKana)]
    [InlineData(" cp932 ", CharacterProfile.Cp932)]
    public void Profile_names_round_trip(string name, CharacterProfile expected)
    {
        Assert.True(CharacterSets.TryParseProfile(name, out var profile));
        Assert.Equal(expected, profile);
        Assert.True(CharacterSets.TryParseProfile(CharacterSets.GetProfileName(profile), out var again));
        Assert.Equal(profile, again);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("jisx0213")]
    [InlineData("shift_jis")]
    public void Unknown_profile_names_are_refused(string? name)
    {
        Assert.False(CharacterSets.TryParseProfile(name, out _));
    }

    [Fact]
    public void Lookup_is_safe_from_many_threads()
    {
        var results = Enumerable.Range(0, 8).AsParallel()
            .Select(_ => CharacterSets.Contains(_jis, '高') && !CharacterSets.Contains(_jis, '髙'))
            .ToArray();
        Assert.All(results, Assert.True);
    }

    [Fact]
    public void WithLabel_joins_label_and_message_in_both_languages()
    {
        var problem = Assert.Single(CharacterSets.Validate("髙", _jis));
        var message = problem.WithLabel(new LocalizedText("住所", "Address"));
        Assert.StartsWith("住所の1文字目「髙」", message.Ja, StringComparison.Ordinal);
        Assert.StartsWith("Address: character 1 \"髙\"", message.En, StringComparison.Ordinal);
        Assert.StartsWith("住所の1文字目", problem.WithLabel(new LocalizedText("住所")).Ja, StringComparison.Ordinal);
        Assert.StartsWith("住所: character 1", problem.WithLabel(new LocalizedText("住所")).En, StringComparison.Ordinal);
    }
}
