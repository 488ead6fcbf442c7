using Madoguchi.Core.Japanese;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Japanese;

public sealed class KanaReadingTests
{
    [Theory]
    [InlineData("やまだ", "ヤマダ")]
    [InlineData("ﾔﾏﾀﾞ", "ヤマダ")]
    [InlineData("  ﾔﾏﾀﾞ  ﾀﾛｳ ", "ヤマダ　タロウ")]
    [InlineData("ヤマダ\u3000タロウ", "ヤマダ　タロウ")]
    [InlineData("カ\u3099ク", "ガク")]
    [InlineData("ｺ-ﾋ-", "コーヒー")]
    [InlineData("マリー・アントワネット", "マリー・アントワネット")]
    [InlineData("ﾏﾘｰ･ｱﾝﾄﾜﾈｯﾄ", "マリー・アントワネット")]
    [InlineData("ゔぁん", "ヴァン")]
    [InlineData("ヶ", "ヶ")]
    public void CheckReading_normalises_what_people_type(string input, string expected)
    {
        var result = Kana.CheckReading(input);
        Assert.True(result.IsValid, string.Join(" / ", result.Problems.Select(p => p.Message.En)));
        Assert.Equal(expected, result.Reading);
        Assert.Equal(Kana.ToFullWidthKatakana(input), result.Reading);
    }

    [Fact]
    public void CheckReading_names_the_offending_character_and_its_position_as_typed()
    {
        var result = Kana.CheckReading("ﾔﾏﾀﾞ山");
        var problem = Assert.Single(result.Problems);
        Assert.Null(result.Reading);
        Assert.Equal("invalidKanaCharacter", problem.Code);
        Assert.Equal(4, problem.Position); // ﾀﾞ is one text element
        Assert.Equal("山", problem.Text);
        Assert.Equal("の4文字目「山」（U+5C71）はフリガナに使えません。カタカナかひらがなで入力してください。", problem.Message.Ja);
        Assert.Equal(": character 4 \"山\" (U+5C71) cannot be used in a reading; use katakana or hiragana.", problem.Message.En);
    }

    [Theory]
    [InlineData("ヤマダ1", "invalidKanaCharacter", 4)]
    [InlineData("Yamada", "invalidKanaCharacter", 1)]
    [InlineData("アﾞ", "misplacedSoundMark", 1)] // ﾞ extends the grapheme: アﾞ is one character on screen
    [InlineData("アイ ﾞ", "misplacedSoundMark", 3)] // a space followed by ﾞ is one character too
    [InlineData("゛ア", "misplacedSoundMark", 1)]
    [InlineData("ーア", "misplacedLongVowel", 1)]
    [InlineData("ア -イ", "misplacedLongVowel", 3)]
    [InlineData("ア\tイ", "controlCharacter", 2)]
    public void CheckReading_rejects_anything_that_is_not_a_reading(string input, string code, int position)
    {
        var result = Kana.CheckReading(input);
        Assert.False(result.IsValid);
        Assert.Equal(code, result.Problems[0].Code);
        Assert.Equal(position, result.Problems[0].Position);
    }

    [Fact]
    public void CheckReading_reports_a_lone_surrogate_as_broken()
    {
        var problem = Assert.Single(Kana.CheckReading("ア\uD800").Problems);
        Assert.Equal(("brokenCharacter", 2), (problem.Code, problem.Position!.Value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u3000")]
    public void CheckReading_requires_a_value(string? input)
    {
        Assert.Equal("required", Assert.Single(Kana.CheckReading(input).Problems).Code);
    }

    [Fact]
    public void CheckReading_requires_a_letter_and_limits_the_length()
    {
        Assert.Equal("noKana", Assert.Single(Kana.CheckReading("・・").Problems).Code);
        var problem = Assert.Single(Kana.CheckReading(new string('ア', 101)).Problems);
        Assert.Equal("tooLong", problem.Code);
        Assert.Equal("は100文字以内で入力してください（現在101文字）。", problem.Message.Ja);
        Assert.True(Kana.CheckReading(new string('ア', 100)).IsValid);
        Assert.True(Kana.CheckReading(new string('ｱ', 10), maxLength: 10).IsValid);
    }

    [Fact]
    public void CheckReading_reports_the_same_character_once_and_at_most_ten_problems()
    {
        Assert.Equal(10, Kana.CheckReading(new string('x', 50)).Problems.Count);
    }

    [Theory]
    [InlineData("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ")]
    [InlineData("ﾊﾟｿｺﾝ", "パソコン")]
    [InlineData("山田ｱ1", "山田ア1")]
    [InlineData("ｱﾞ", "ア゛")]
    public void WidenHalfWidthKatakana_touches_only_half_width_kana(string input, string expected)
    {
        Assert.Equal(expected, Kana.WidenHalfWidthKatakana(input));
    }

    [Theory]
    [InlineData("ｵｵﾄﾞｵﾘﾆｼ(1-19ﾁｮｳﾒ)", "オオドオリニシ（１－１９チョウメ）")]
    [InlineData("ｲｶﾆｹｲｻｲｶﾞﾅｲﾊﾞｱｲ", "イカニケイサイガナイバアイ")]
    [InlineData("A B", "Ａ　Ｂ")]
    public void ToFullWidth_widens_kana_and_ascii(string input, string expected)
    {
        Assert.Equal(expected, Kana.ToFullWidth(input));
    }

    [Theory]
    [InlineData("ガッコウ", "ｶﾞｯｺｳ")]
    [InlineData("ぱーと・ヴィ", "ﾊﾟｰﾄ･ｳﾞｨ")]
    [InlineData("「ア、イ。」", "｢ｱ､ｲ｡｣")]
    [InlineData("ヰヱヮ", "ヰヱヮ")]
    [InlineData("山田ABC", "山田ABC")]
    public void ToHalfWidthKatakana_splits_marks(string input, string expected)
    {
        Assert.Equal(expected, Kana.ToHalfWidthKatakana(input));
    }
}

public sealed class PersonNameTests
{
    [Fact]
    public void Create_keeps_names_as_typed_and_normalises_readings()
    {
        var result = PersonName.Create("　髙﨑 ", " 葛\U000E0100子", "たかさき", "ｸｽﾞｺ");

        Assert.True(result.IsValid);
        var name = result.Name!;
        Assert.Equal("髙﨑", name.FamilyName);
        Assert.Equal("葛\U000E0100子", name.GivenName); // IVS kept
        Assert.Equal("タカサキ", name.FamilyNameKana);
        Assert.Equal("クズコ", name.GivenNameKana);
        Assert.Equal("髙﨑　葛\U000E0100子", name.FullName);
        Assert.Equal("タカサキ　クズコ", name.FullNameKana);
    }

    [Fact]
    public void Create_does_not_normalise_compatibility_ideographs()
    {
        var result = PersonName.Create("\uFA19", "\uF9DC", "カミ", "タカシ"); // 神 and 隆 (CJK compatibility ideographs)
        Assert.Equal("\uFA19", result.Name!.FamilyName);
        Assert.Equal("\uF9DC", result.Name.GivenName);
    }

    [Fact]
    public void Create_composes_only_a_combining_sound_mark_after_kana()
    {
        var result = PersonName.Create("山田", "か\u3099く", "ヤマダ", "ガク");
        Assert.Equal("がく", result.Name!.GivenName);
    }

    [Fact]
    public void Create_rejects_half_width_katakana_in_a_name_with_position_and_suggestion()
    {
        var result = PersonName.Create("山田", "ﾀﾛｳ", "ヤマダ", "タロウ");

        Assert.False(result.IsValid);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("halfWidthKana", problem.Code);
        Assert.Equal("givenName", problem.Part);
        Assert.Equal(1, problem.Position);
        Assert.Equal("タロウ", problem.Suggestion);
        Assert.Equal("（名）の1文字目「ﾀ」（U+FF80）は半角カタカナです。氏名は全角で入力してください（「タロウ」）。", problem.Message.Ja);
        Assert.Equal(" (given name): character 1 \"ﾀ\" (U+FF80) is half-width katakana; type names in full-width characters (\"タロウ\").", problem.Message.En);
        Assert.Equal("氏名（名）の1文字目「ﾀ」（U+FF80）は半角カタカナです。氏名は全角で入力してください（「タロウ」）。",
            problem.WithLabel(new LocalizedText("氏名", "Name")).Ja);
    }

    [Fact]
    public void Create_rejects_control_characters_and_broken_surrogates()
    {
        var result = PersonName.Create("山\t田", "太\uDC00郎", "ヤマダ", "タロウ");
        Assert.Equal(["controlCharacter", "brokenCharacter"], result.Problems.Select(p => p.Code));
        Assert.Equal([2, 2], result.Problems.Select(p => p.Position!.Value));
        Assert.Equal(["familyName", "givenName"], result.Problems.Select(p => p.Part));
    }

    [Fact]
    public void Create_names_the_part_of_every_problem()
    {
        var result = PersonName.Create("", " ", "山", "");

        Assert.Equal(["familyName", "givenName", "familyNameKana"], result.Problems.Select(p => p.Part));
        Assert.Equal("（姓）を入力してください。", result.Problems[0].Message.Ja);
        Assert.Equal(" (given name) is required.", result.Problems[1].Message.En);
        Assert.StartsWith("（セイ）の1文字目「山」", result.Problems[2].Message.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_limits_each_part_to_fifty_characters_counted_as_seen()
    {
        var fifty = string.Concat(Enumerable.Repeat("𠮷", 50)); // 100 UTF-16 units, 50 characters
        Assert.True(PersonName.Create(fifty, "太郎", "ヨシ", "タロウ").IsValid);

        var problem = Assert.Single(PersonName.Create(fifty + "𠮷", "太郎", "ヨシ", "タロウ").Problems);
        Assert.Equal("tooLong", problem.Code);
        Assert.Equal("（姓）は50文字以内で入力してください（現在51文字）。", problem.Message.Ja);
    }

    [Fact]
    public void Create_handles_very_long_and_whitespace_only_input()
    {
        var problems = PersonName.Create(new string('山', 10_000), "\u3000\u3000 ", new string('ア', 10_000), "タロウ").Problems;
        Assert.Equal(["tooLong", "required", "tooLong"], problems.Select(p => p.Code));
        Assert.Equal(["familyName", "givenName", "familyNameKana"], problems.Select(p => p.Part));
        Assert.Equal("（姓）は50文字以内で入力してください（現在10000文字）。", problems[0].Message.Ja);
        Assert.Equal(" (family name reading) must be at most 100 characters (currently 10000).", problems[2].Message.En);
    }

    [Fact]
    public void Create_applies_the_character_profile_to_names()
    {
        var options = new NameOptions { Profile = CharacterProfile.JisX0208 };
        var problem = Assert.Single(PersonName.Create("髙橋", "一郎", "タカハシ", "イチロウ", options).Problems);
        Assert.Equal("characterNotAllowed", problem.Code);
        Assert.Equal("familyName", problem.Part);
        Assert.Equal("高", problem.Suggestion);
        Assert.StartsWith("（姓）の1文字目「髙」（U+9AD9）は使用できません。", problem.Message.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_reports_half_width_kana_once_when_the_profile_already_does()
    {
        var options = new NameOptions { Profile = CharacterProfile.JisX0208 };
        var problems = PersonName.Create("ﾔﾏﾀﾞ", "太郎", "ヤマダ", "タロウ", options).Problems;
        Assert.Equal(3, problems.Count); // ﾔ, ﾏ, ﾀﾞ from the profile; no duplicate at position 1
        Assert.All(problems, p => Assert.Equal("characterNotAllowed", p.Code));
    }

    [Fact]
    public void Given_name_and_reading_can_be_optional()
    {
        var options = new NameOptions { GivenNameRequired = false, ReadingRequired = false };
        var result = PersonName.Create("Madonna", null, null, null, options);
        Assert.True(result.IsValid);
        Assert.Equal("Madonna", result.Name!.FullName);
        Assert.Equal("", result.Name.FullNameKana);
    }

    [Theory]
    [InlineData("山田 太郎", "やまだ たろう", "山田", "太郎", "ヤマダ", "タロウ")]
    [InlineData("山田　太郎", "ヤマダ　タロウ", "山田", "太郎", "ヤマダ", "タロウ")]
    [InlineData(" 山田 　 太郎 ", "ﾔﾏﾀﾞ ﾀﾛｳ", "山田", "太郎", "ヤマダ", "タロウ")]
    [InlineData("De La Cruz", "デ ラクルス", "De", "La Cruz", "デ", "ラクルス")]
    public void ParseFullName_splits_at_the_first_run_of_spaces(string name, string reading, string family, string given, string familyKana, string givenKana)
    {
        var result = PersonName.ParseFullName(name, reading);
        Assert.True(result.IsValid, string.Join(" / ", result.Problems.Select(p => p.Message.En)));
        Assert.Equal(new PersonName(family, given, familyKana, givenKana), result.Name);
    }

    [Fact]
    public void ParseFullName_asks_for_a_space_between_family_and_given_name()
    {
        var result = PersonName.ParseFullName("山田太郎", "ヤマダタロウ");
        Assert.Equal(["fullName", "fullNameKana"], result.Problems.Select(p => p.Part));
        Assert.Equal("は姓と名の間にスペースを入れてください（例：山田　太郎）。", result.Problems[0].Message.Ja);
        Assert.Equal(" (reading) must have a space between the family name and the given name (e.g. ヤマダ タロウ).", result.Problems[1].Message.En);
    }

    [Fact]
    public void ParseFullName_accepts_a_single_name_when_the_given_name_is_optional()
    {
        var result = PersonName.ParseFullName("Madonna", "マドンナ", new NameOptions { GivenNameRequired = false });
        Assert.True(result.IsValid);
        Assert.Equal(new PersonName("Madonna", "", "マドンナ", ""), result.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\u3000 ")]
    public void ParseFullName_requires_a_name(string? name)
    {
        var result = PersonName.ParseFullName(name, "ヤマダ タロウ");
        Assert.Equal("required", Assert.Single(result.Problems).Code);
    }

    [Fact]
    public void TrimSpaces_trims_only_ascii_and_ideographic_spaces()
    {
        Assert.Equal("山田", PersonName.TrimSpaces(" \u3000山田\u3000 "));
        Assert.Equal("\t山田", PersonName.TrimSpaces("\t山田"));
        Assert.False(PersonName.TrySplitFullName("山田", out _, out _));
        Assert.False(PersonName.TrySplitFullName(null, out _, out _));
    }
}
