using Madoguchi.Core.Japanese;

namespace Madoguchi.Core.Tests.Japanese;

public sealed class KanaTests
{
    [Theory]
    [InlineData("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ")]
    [InlineData("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", "パピプペポ")]
    [InlineData("ｶﾞｷﾞｸﾞｹﾞｺﾞｳﾞ", "ガギグゲゴヴ")]
    [InlineData("ｽｽﾞｷ", "スズキ")]
    [InlineData("やまだ　はなこ", "ヤマダ　ハナコ")]
    [InlineData("ヤマダ  タロウ", "ヤマダ　タロウ")]
    [InlineData("  ヤマダ\tタロウ  ", "ヤマダ　タロウ")]
    [InlineData("カ\u3099ク", "ガク")] // decomposed (macOS) input
    [InlineData("ｺｰﾋｰ", "コーヒー")]
    [InlineData("ｺ-ﾋ-", "コーヒー")]
    [InlineData("ﾏﾘｰ･ｱﾝﾄﾜﾈｯﾄ", "マリー・アントワネット")]
    [InlineData("ゔぁ", "ヴァ")]
    [InlineData("", "")]
    public void ToFullWidthKatakana_normalises_what_people_type(string input, string expected)
    {
        Assert.Equal(expected, Kana.ToFullWidthKatakana(input));
    }

    [Fact]
    public void ToFullWidthKatakana_leaves_kanji_and_latin_for_the_check_to_reject()
    {
        var converted = Kana.ToFullWidthKatakana("山田 Taro");
        Assert.Equal("山田　Taro", converted);
        Assert.False(Kana.IsKatakanaReading(converted));
    }

    [Theory]
    [InlineData("ヤマダ　タロウ")]
    [InlineData("マリー・アントワネット")]
    [InlineData("ヴァン")]
    [InlineData("ア")]
    public void IsKatakanaReading_accepts_full_width_katakana(string input)
    {
        Assert.True(Kana.IsKatakanaReading(input));
    }

    [Theory]
    [InlineData("")]
    [InlineData("やまだ")]
    [InlineData("ﾔﾏﾀﾞ")]
    [InlineData("山田")]
    [InlineData("Yamada")]
    [InlineData("ヤマダ タロウ")] // half-width space
    [InlineData("ー・")] // no letters
    [InlineData("ヤマダ1")]
    public void IsKatakanaReading_rejects_anything_else(string input)
    {
        Assert.False(Kana.IsKatakanaReading(input));
    }
}
