using System.Text.Json.Nodes;
using Madoguchi.Core.Search;

namespace Madoguchi.Core.Tests.Search;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("やまだ たろう", "ヤマダタロウ")]          // ひらがな → カタカナ, spaces dropped
    [InlineData("ﾔﾏﾀﾞ　ﾀﾛｳ", "ヤマダタロウ")]            // 半角カナ with ﾞ composed, 全角 space
    [InlineData("ヤマダ タロウ", "ヤマダタロウ")]
    [InlineData("ＹＡＭＡＤＡ Taro", "yamadataro")]       // 全角英字 and case folding
    [InlineData("R7-0001-2345", "r700012345")]
    [InlineData("ｒ７ ０００１－２３４５", "r700012345")]  // 全角 digits and 全角 hyphen
    [InlineData("03‐1234−5678", "0312345678")]           // U+2010 hyphen and U+2212 minus
    [InlineData("ルーシー", "ルーシー")]                  // the prolonged sound mark is part of the word
    [InlineData("ゞ", "ヾ")]
    [InlineData("1〜3", "1〜3")]                          // a wave dash is not a hyphen
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Normalize_folds_width_case_kana_spaces_and_hyphens(string? input, string expected) =>
        Assert.Equal(expected, SearchText.Normalize(input));

    [Fact]
    public void Query_and_data_meet_in_the_same_form()
    {
        var stored = SearchText.Build("R7-0001-2345", "山田 太郎", new JsonObject { ["kana"] = "ﾔﾏﾀﾞ ﾀﾛｳ", ["phone"] = "03-1234-5678" });
        foreach (var query in new[] { "やまだ", "ヤマダ　タロウ", "r7 0001 2345", "０３１２３４５６７８", "山田太郎" })
        {
            Assert.Contains(SearchText.Normalize(query), stored, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(SearchText.Normalize("すずき"), stored, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_takes_short_strings_from_composite_and_repeat_answers_and_skips_file_ids_and_long_text()
    {
        var answers = new JsonObject
        {
            ["applicant"] = new JsonObject { ["family"] = "佐藤", ["familyKana"] = "さとう" },
            ["members"] = new JsonArray(new JsonObject { ["name"] = "鈴木" }),
            ["photo"] = new JsonArray(Guid.NewGuid().ToString()),
            ["description"] = new string('あ', SearchText.MaxValueLength + 1),
            ["count"] = 12,
        };
        var stored = SearchText.Build("R7-1", null, answers);
        Assert.Equal(string.Join(SearchText.Separator, "r71", "佐藤", "サトウ", "鈴木"), stored);
    }

    [Fact]
    public void A_query_cannot_span_two_values_and_the_text_is_capped()
    {
        var stored = SearchText.Build("A", "B", null);
        Assert.DoesNotContain(SearchText.Normalize("ab"), stored, StringComparison.Ordinal);

        var many = new JsonObject();
        for (var i = 0; i < 100; i++)
        {
            many["f" + i] = new string('x', 50);
        }

        Assert.Equal(SearchText.MaxLength, SearchText.Build("R", null, many).Length);
    }
}
