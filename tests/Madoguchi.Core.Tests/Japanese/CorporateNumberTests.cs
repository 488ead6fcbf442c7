using Madoguchi.Core.Japanese;

namespace Madoguchi.Core.Tests.Japanese;

public sealed class CorporateNumberTests
{
    [Theory]
    [InlineData("123456789012", 7)] // the worked example in 財務省令: Σ = 74
    [InlineData("000012050002", 7)] // 国税庁's own number, 7000012050002
    [InlineData("000000000000", 9)]
    [InlineData("000000000001", 8)]
    [InlineData("000000000010", 7)]
    [InlineData("111111111111", 9)]
    [InlineData("999999999999", 9)]
    public void ComputeCheckDigit_follows_the_ministerial_rule(string twelveDigits, int expected)
    {
        Assert.Equal(expected, CorporateNumber.ComputeCheckDigit(twelveDigits));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345678901")]
    [InlineData("1234567890123")]
    [InlineData("12345678901a")]
    [InlineData("１２３４５６７８９０１２")]
    public void ComputeCheckDigit_rejects_anything_but_twelve_ascii_digits(string input)
    {
        Assert.Throws<ArgumentException>(() => CorporateNumber.ComputeCheckDigit(input));
    }

    [Fact]
    public void ComputeCheckDigit_is_always_between_1_and_9()
    {
        var random = new Random(20260401);
        for (var i = 0; i < 1000; i++)
        {
            var digits = string.Concat(Enumerable.Range(0, 12).Select(_ => (char)('0' + random.Next(10))));
            Assert.InRange(CorporateNumber.ComputeCheckDigit(digits), 1, 9);
        }
    }

    [Theory]
    [InlineData("7123456789012")]
    [InlineData("7000012050002")]
    [InlineData("9000000000000")]
    [InlineData("8000000000001")]
    public void IsValid_accepts_numbers_with_a_matching_check_digit(string number)
    {
        Assert.True(CorporateNumber.IsValid(number));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("6123456789012")] // wrong check digit
    [InlineData("7123456789013")] // one base digit changed
    [InlineData("712345678901")] // 12 digits
    [InlineData("71234567890123")] // 14 digits
    [InlineData("7123-4567-8901-2")] // not normalised
    [InlineData("７１２３４５６７８９０１２")] // full-width: IsValid is strict, Normalize first
    public void IsValid_rejects_malformed_or_mistyped_numbers(string? number)
    {
        Assert.False(CorporateNumber.IsValid(number));
    }

    [Theory]
    [InlineData("7123456789012", "7123456789012")]
    [InlineData("７１２３４５６７８９０１２", "7123456789012")]
    [InlineData(" 7-1234-5678-9012 ", "7123456789012")]
    [InlineData("7　1234　5678　9012", "7123456789012")]
    [InlineData("7－1234－5678－9012", "7123456789012")]
    [InlineData("6123456789012", "6123456789012")] // Normalize does not judge the check digit
    public void Normalize_accepts_full_width_digits_spaces_and_hyphens(string input, string expected)
    {
        Assert.Equal(expected, CorporateNumber.Normalize(input));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("712345678901")]
    [InlineData("71234567890123")]
    [InlineData("7123456789O12")] // letter O
    [InlineData("T7123456789012")] // インボイス登録番号 is not a corporate number
    public void Normalize_returns_null_for_anything_but_thirteen_digits(string? input)
    {
        Assert.Null(CorporateNumber.Normalize(input));
    }
}
