using Madoguchi.Core.Japanese;

namespace Madoguchi.Core.Tests.Japanese;

public sealed class PostalCodeTests
{
    [Theory]
    [InlineData("1008914", "100-8914")]
    [InlineData("100-8914", "100-8914")]
    [InlineData("１００－８９１４", "100-8914")]
    [InlineData("〒100-8914", "100-8914")]
    [InlineData("〒 １００ー８９１４ ", "100-8914")]
    [InlineData("498-0000", "498-0000")]
    public void Normalize_writes_NNN_NNNN(string input, string expected)
    {
        Assert.Equal(expected, PostalCode.Normalize(input));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("100891")]
    [InlineData("10089141")]
    [InlineData("1008-914")]
    [InlineData("100--8914")]
    [InlineData("A7E-2FK2")] // a デジタルアドレス is not a postal code
    [InlineData("100 8914x")]
    public void Normalize_rejects_other_shapes(string? input)
    {
        Assert.Null(PostalCode.Normalize(input));
    }
}

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("03-1234-5678", "03-1234-5678")]
    [InlineData("0312345678", "0312345678")]
    [InlineData("090-1234-5678", "090-1234-5678")]
    [InlineData("０９０－１２３４－５６７８", "090-1234-5678")]
    [InlineData("090ー1234ー5678", "090-1234-5678")]
    [InlineData("03(1234)5678", "03-1234-5678")]
    [InlineData("(03) 1234 5678", "03-1234-5678")]
    [InlineData("0120-123-456", "0120-123-456")]
    [InlineData("+81 3-1234-5678", "03-1234-5678")]
    [InlineData("+81-90-1234-5678", "090-1234-5678")]
    [InlineData("+81312345678", "0312345678")]
    [InlineData("+81 (0)3 1234 5678", "03-1234-5678")]
    public void Normalize_keeps_grouping_and_converts_plus81(string input, string expected)
    {
        Assert.Equal(expected, PhoneNumber.Normalize(input));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1234-5678")] // no area code
    [InlineData("031234567")] // 9 digits
    [InlineData("090123456789")] // 12 digits
    [InlineData("3-1234-5678")] // no leading 0
    [InlineData("010-1-212-555-0100")] // international prefix
    [InlineData("+1 212 555 0100")]
    [InlineData("+81 03-1234-5678")] // trunk 0 after +81 without parentheses
    [InlineData("03-1234-567a")]
    [InlineData("内線 123")]
    public void Normalize_rejects_non_domestic_or_malformed_numbers(string? input)
    {
        Assert.Null(PhoneNumber.Normalize(input));
    }
}

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("taro@example.jp")]
    [InlineData("taro.yamada+madoguchi@city.example.lg.jp")]
    [InlineData("a_b-c@sub.example.co.jp")]
    public void IsValid_accepts_ordinary_addresses(string input)
    {
        Assert.True(EmailAddress.IsValid(input));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("taro")]
    [InlineData("taro@")]
    [InlineData("@example.jp")]
    [InlineData("taro@example")]
    [InlineData("taro@@example.jp")]
    [InlineData("taro@exa@mple.jp")]
    [InlineData("taro @example.jp")]
    [InlineData("taro@example.jp\r\nBcc: x@example.jp")]
    [InlineData("taro..yamada@example.jp")]
    [InlineData(".taro@example.jp")]
    [InlineData("taro@example..jp")]
    [InlineData("taro@-example.jp")]
    [InlineData("taro@example.j")]
    [InlineData("taro@127.0.0.1")]
    [InlineData("\"taro\"@example.jp")]
    public void IsValid_rejects_typos_and_header_injection(string? input)
    {
        Assert.False(EmailAddress.IsValid(input));
    }

    [Fact]
    public void IsValid_rejects_addresses_longer_than_254_characters()
    {
        var address = "taro@" + string.Join('.', Enumerable.Repeat(new string('a', 63), 4)) + ".jp";
        Assert.True(address.Length > 254);
        Assert.False(EmailAddress.IsValid(address));
    }
}

public sealed class WidthTests
{
    [Theory]
    [InlineData("ＡＢＣ１２３", "ABC123")]
    [InlineData("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp")]
    [InlineData("１，０００　円", "1,000 円")]
    [InlineData("！～", "!~")]
    [InlineData("カタカナ ﾊﾝｶｸ 漢字", "カタカナ ﾊﾝｶｸ 漢字")] // kana and kanji untouched
    [InlineData("髙橋", "髙橋")]
    [InlineData("", "")]
    public void NarrowAsciiAndDigits_only_touches_full_width_ascii(string input, string expected)
    {
        Assert.Equal(expected, Width.NarrowAsciiAndDigits(input));
    }
}
