using Madoguchi.Core.Japanese;

namespace Madoguchi.Core.Tests.Japanese;

public sealed class PhoneNumberKindTests
{
    [Theory]
    [InlineData("09012345678", PhoneNumberKind.Mobile)]
    [InlineData("080-1234-5678", PhoneNumberKind.Mobile)]
    [InlineData("07012345678", PhoneNumberKind.Mobile)]
    [InlineData("05012345678", PhoneNumberKind.IpPhone)]
    [InlineData("0120123456", PhoneNumberKind.TollFree)]
    [InlineData("08001234567", PhoneNumberKind.TollFree)] // 0800 is toll-free although it starts like 080
    [InlineData("0570123456", PhoneNumberKind.Service)]
    [InlineData("0990123456", PhoneNumberKind.Service)]
    [InlineData("02012345678", PhoneNumberKind.MachineToMachine)]
    [InlineData("0312345678", PhoneNumberKind.FixedLine)]
    [InlineData("0422123456", PhoneNumberKind.FixedLine)]
    [InlineData("0997123456", PhoneNumberKind.FixedLine)]
    [InlineData("06012345678", PhoneNumberKind.Unknown)]
    [InlineData("0901234567", PhoneNumberKind.Unknown)] // mobile prefix with 10 digits
    [InlineData("0312345", PhoneNumberKind.Unknown)]
    [InlineData("0012345678", PhoneNumberKind.Unknown)]
    [InlineData("", PhoneNumberKind.Unknown)]
    public void Classify_follows_the_numbering_plan(string number, PhoneNumberKind expected)
    {
        Assert.Equal(expected, PhoneNumber.Classify(number));
    }

    [Theory]
    [InlineData("09012345678", "090-1234-5678")]
    [InlineData("05012345678", "050-1234-5678")]
    [InlineData("0120123456", "0120-123-456")]
    [InlineData("08001234567", "0800-123-4567")]
    [InlineData("0570123456", "0570-123-456")]
    [InlineData("0312345678", "03-1234-5678")]
    [InlineData("0612345678", "06-1234-5678")]
    [InlineData("0422123456", "0422123456")] // area code length needs the full table
    [InlineData("0-4-2-2-1-2-3-4-5-6", "0422123456")]
    public void Format_hyphenates_only_where_the_digits_decide(string number, string expected)
    {
        Assert.Equal(expected, PhoneNumber.Format(number));
    }

    [Theory]
    [InlineData("０９０１２３４５６７８", "090-1234-5678", PhoneNumberKind.Mobile)]
    [InlineData("+81 90 1234 5678", "090-1234-5678", PhoneNumberKind.Mobile)]
    [InlineData("0312345678", "03-1234-5678", PhoneNumberKind.FixedLine)]
    [InlineData("0422-12-3456", "0422-12-3456", PhoneNumberKind.FixedLine)] // the applicant's plausible grouping is kept
    [InlineData("04221-2-3456", "04221-2-3456", PhoneNumberKind.FixedLine)]
    [InlineData("0422-123456", "0422123456", PhoneNumberKind.FixedLine)] // implausible grouping: digits only
    [InlineData("042212345 6", "0422123456", PhoneNumberKind.FixedLine)]
    [InlineData("0120 123 456", "0120-123-456", PhoneNumberKind.TollFree)]
    public void Check_accepts_any_number_by_default(string input, string expected, PhoneNumberKind kind)
    {
        var result = PhoneNumber.Check(input);
        Assert.True(result.IsValid);
        Assert.Equal(expected, result.Value);
        Assert.Equal(kind, result.Kind);
    }

    [Fact]
    public void Check_refuses_a_kind_the_field_does_not_accept()
    {
        var result = PhoneNumber.Check("03-1234-5678", AcceptedPhoneKinds.Mobile);

        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Equal("0312345678", result.Digits);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("phoneKindNotAccepted", problem.Code);
        Assert.Equal("は携帯電話の番号を入力してください（入力された番号は固定電話の番号です）。", problem.Message.Ja);
        Assert.Equal(" must be a mobile number (the number entered is a landline number).", problem.Message.En);
    }

    [Fact]
    public void Check_lists_every_accepted_kind()
    {
        var problem = Assert.Single(PhoneNumber.Check("0570-123-456", AcceptedPhoneKinds.FixedLine | AcceptedPhoneKinds.Mobile).Problems);
        Assert.Equal("は固定電話・携帯電話の番号を入力してください（入力された番号はナビダイヤルなどのサービス番号です）。", problem.Message.Ja);
        Assert.Equal(" must be a landline or mobile number (the number entered is a service number such as 0570).", problem.Message.En);
        Assert.Equal(" must be an IP phone (050) number (the number entered is a mobile number).",
            Assert.Single(PhoneNumber.Check("090-1234-5678", AcceptedPhoneKinds.IpPhone).Problems).Message.En);
    }

    [Theory]
    [InlineData("05012345678", AcceptedPhoneKinds.IpPhone, true)]
    [InlineData("05012345678", AcceptedPhoneKinds.Mobile, false)]
    [InlineData("0120123456", AcceptedPhoneKinds.TollFree, true)]
    [InlineData("06012345678", AcceptedPhoneKinds.Other, true)]
    [InlineData("06012345678", AcceptedPhoneKinds.FixedLine | AcceptedPhoneKinds.Mobile | AcceptedPhoneKinds.IpPhone | AcceptedPhoneKinds.TollFree, false)]
    public void Check_matches_kinds(string input, AcceptedPhoneKinds accepted, bool valid)
    {
        Assert.Equal(valid, PhoneNumber.Check(input, accepted).IsValid);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData(" ", "required")]
    [InlineData("03-1234", "invalidPhone")]
    [InlineData("内線123", "invalidPhone")]
    public void Check_explains_unusable_input(string? input, string code)
    {
        var problem = Assert.Single(PhoneNumber.Check(input).Problems);
        Assert.Equal(code, problem.Code);
    }
}

public sealed class WidthNormalizeForTests
{
    [Theory]
    [InlineData(FieldValueKind.Digits, " １，２３４ ", "1,234")]
    [InlineData(FieldValueKind.PostalCode, "１００ー０００５", "100-0005")]
    [InlineData(FieldValueKind.PostalCode, "100‐0005", "100-0005")]
    [InlineData(FieldValueKind.Phone, "０９０−１２３４–５６７８", "090-1234-5678")]
    [InlineData(FieldValueKind.Phone, "03ｰ1234―5678", "03-1234-5678")]
    [InlineData(FieldValueKind.CorporateNumber, "７１２３４５６７８９０１２", "7123456789012")]
    [InlineData(FieldValueKind.BankCode, "　０００１　", "0001")]
    [InlineData(FieldValueKind.Email, " ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ ", "taro@example.jp")]
    [InlineData(FieldValueKind.KanaReading, "ﾔﾏﾀﾞ  たろう", "ヤマダ　タロウ")]
    [InlineData(FieldValueKind.BankAccountHolder, "ヤマダ　タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData(FieldValueKind.Name, " 髙橋　ﾀﾛｳ ", " 髙橋　ﾀﾛｳ ")]
    [InlineData(FieldValueKind.Text, "１２３ ｱ ㈱", "１２３ ｱ ㈱")]
    [InlineData(FieldValueKind.Digits, "", "")]
    public void NormalizeFor_applies_the_rule_of_each_kind(FieldValueKind kind, string input, string expected)
    {
        Assert.Equal(expected, Width.NormalizeFor(kind, input));
    }

    [Fact]
    public void NormalizeFor_never_folds_katakana_or_compatibility_characters_in_numeric_kinds()
    {
        Assert.Equal("1ア㈱", Width.NormalizeFor(FieldValueKind.Digits, "１ア㈱"));
    }

    [Fact]
    public void NormalizeFor_refuses_unknown_kinds()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Width.NormalizeFor((FieldValueKind)99, "1"));
    }
}
