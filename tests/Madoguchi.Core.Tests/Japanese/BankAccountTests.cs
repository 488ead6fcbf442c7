using Madoguchi.Core.Japanese;

namespace Madoguchi.Core.Tests.Japanese;

public sealed class BankAccountTests
{
    [Fact]
    public void Create_normalises_every_part()
    {
        var result = BankAccount.Create("０００１", " 001 ", "普通", "１２３４５", "やまだ　たろう");

        Assert.True(result.IsValid, string.Join(" / ", result.Problems.Select(p => p.Message.En)));
        Assert.Equal(new BankAccount("0001", "001", DepositType.Ordinary, "0012345", "ﾔﾏﾀﾞ ﾀﾛｳ"), result.Account);
    }

    [Theory]
    [InlineData("1", DepositType.Ordinary)]
    [InlineData("普通", DepositType.Ordinary)]
    [InlineData("普通預金", DepositType.Ordinary)]
    [InlineData("Ordinary", DepositType.Ordinary)]
    [InlineData("２", DepositType.Current)]
    [InlineData("当座", DepositType.Current)]
    [InlineData("4", DepositType.Savings)]
    [InlineData("貯蓄預金", DepositType.Savings)]
    [InlineData("savings", DepositType.Savings)]
    public void Deposit_types_use_the_zengin_codes(string input, DepositType expected)
    {
        Assert.True(BankAccount.TryParseDepositType(input, out var type));
        Assert.Equal(expected, type);
        Assert.Equal(((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture), BankAccount.DepositTypeCode(type));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("3")]
    [InlineData("9")]
    [InlineData("定期")]
    public void Other_deposit_types_are_refused(string? input)
    {
        Assert.False(BankAccount.TryParseDepositType(input, out _));
    }

    [Theory]
    [InlineData("1", "0000001")]
    [InlineData("1234567", "1234567")]
    [InlineData("００１２３４５", "0012345")]
    [InlineData(" 765 ", "0000765")]
    public void Account_numbers_of_one_to_seven_digits_are_padded_to_seven(string input, string expected)
    {
        Assert.Equal(expected, BankAccount.NormalizeAccountNumber(input));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345678")]
    [InlineData("123-456")]
    [InlineData("12a")]
    public void Account_numbers_must_be_digits_only(string? input)
    {
        Assert.Null(BankAccount.NormalizeAccountNumber(input));
    }

    [Theory]
    [InlineData("0001", "0001")]
    [InlineData("９９００", "9900")]
    [InlineData("1", null)] // not padded: a short code is more likely a mistake
    [InlineData("00001", null)]
    [InlineData("0001a", null)]
    public void Bank_codes_are_exactly_four_digits(string input, string? expected)
    {
        Assert.Equal(expected, BankAccount.NormalizeBankCode(input));
    }

    [Theory]
    [InlineData("001", "001")]
    [InlineData("01", null)]
    [InlineData("0001", null)]
    public void Branch_codes_are_exactly_three_digits(string input, string? expected)
    {
        Assert.Equal(expected, BankAccount.NormalizeBranchCode(input));
    }

    [Fact]
    public void Create_reports_every_part_with_its_name()
    {
        var result = BankAccount.Create("12", "", "定期", "12345678", "山田");

        Assert.Null(result.Account);
        Assert.Equal(["bankCode", "branchCode", "depositType", "accountNumber", "holderKana", "holderKana"], result.Problems.Select(p => p.Part));
        Assert.Equal("（金融機関コード）は4桁の数字で入力してください（例：0001）。", result.Problems[0].Message.Ja);
        Assert.Equal(" (bank code) must be a 4-digit number (e.g. 0001).", result.Problems[0].Message.En);
        Assert.Equal("（支店コード）を入力してください。", result.Problems[1].Message.Ja);
        Assert.Equal("（預金種目）は普通・当座・貯蓄のいずれかを選択してください。", result.Problems[2].Message.Ja);
        Assert.Equal("（口座番号）は7桁以内の数字で入力してください（例：1234567）。", result.Problems[3].Message.Ja);
        Assert.StartsWith("（口座名義カナ）の1文字目「山」（U+5C71）は口座名義に使えません。", result.Problems[4].Message.Ja, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ヤマダ タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("ガッコウ", "ｶﾞﾂｺｳ")] // small kana become large
    [InlineData("キャッシュ", "ｷﾔﾂｼﾕ")]
    [InlineData("ｷｬｯｼｭ", "ｷﾔﾂｼﾕ")]
    [InlineData("ヴィヴァルディ", "ｳﾞｲｳﾞｱﾙﾃﾞｲ")]
    [InlineData("パーク", "ﾊﾟ-ｸ")]
    [InlineData("ヮヵヶヰヱ", "ﾜｶｹｲｴ")]
    [InlineData("ｶ)ﾔﾏﾀﾞｼｮｳｼﾞ", "ｶ)ﾔﾏﾀﾞｼﾖｳｼﾞ")]
    [InlineData("カ）ヤマダ", "ｶ)ﾔﾏﾀﾞ")]
    [InlineData("ｍａｄｏｇｕｃｈｉ　１２３", "MADOGUCHI 123")]
    [InlineData("abc-def/g.h,i", "ABC-DEF/G.H,I")]
    [InlineData("マリー・アントワネット", "ﾏﾘ-.ｱﾝﾄﾜﾈﾂﾄ")]
    [InlineData("  ヤマダ   タロウ  ", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("カ\u3099ク", "ｶﾞｸ")] // combining 濁点
    [InlineData("", "")]
    public void ToZenginKana_converts_to_the_bank_form(string input, string expected)
    {
        Assert.Equal(expected, BankAccount.ToZenginKana(input));
    }

    [Fact]
    public void CheckHolderKana_accepts_the_bank_character_set()
    {
        var result = BankAccount.CheckHolderKana("ｱｲｳ ﾞﾟ ABC 019 ().-/,");
        Assert.True(result.IsValid);
    }

    [Fact]
    public void CheckHolderKana_names_the_offending_character_as_typed()
    {
        var result = BankAccount.CheckHolderKana("ヤマダ＆タロウ");

        var problem = Assert.Single(result.Problems);
        Assert.Null(result.HolderKana);
        Assert.Equal("invalidHolderCharacter", problem.Code);
        Assert.Equal(4, problem.Position);
        Assert.Equal("＆", problem.Text);
        Assert.Equal("の4文字目「＆」（U+FF06）は口座名義に使えません。カタカナ、英大文字、数字、スペースと記号 ( ) . - / , で入力してください。", problem.Message.Ja);
        Assert.Equal(": character 4 \"＆\" (U+FF06) cannot be used in an account name; use katakana, capital letters, digits, spaces and ( ) . - / ,.", problem.Message.En);
    }

    [Fact]
    public void CheckHolderKana_suggests_o_for_wo()
    {
        var problem = Assert.Single(BankAccount.CheckHolderKana("ヲカ").Problems);
        Assert.Equal("ｵ", problem.Suggestion);
        Assert.EndsWith("「ｵ」に置き換えてください。", problem.Message.Ja, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("山田", "invalidHolderCharacter")]
    [InlineData("「ア」", "invalidHolderCharacter")]
    [InlineData("ア\tイ", "controlCharacter")]
    [InlineData("゛ア", "misplacedSoundMark")]
    [InlineData("", "required")]
    [InlineData("\u3000", "required")]
    public void CheckHolderKana_rejects_what_banks_refuse(string input, string code)
    {
        Assert.Equal(code, BankAccount.CheckHolderKana(input).Problems[0].Code);
    }

    [Fact]
    public void CheckHolderKana_limits_the_bank_form_to_thirty_characters()
    {
        Assert.True(BankAccount.CheckHolderKana(new string('ア', 30)).IsValid);

        // 15 ガ become 30 half-width characters; one more kana makes 31.
        Assert.True(BankAccount.CheckHolderKana(new string('ガ', 15)).IsValid);
        var problem = Assert.Single(BankAccount.CheckHolderKana(new string('ガ', 15) + "ア").Problems);
        Assert.Equal("holderTooLong", problem.Code);
        Assert.Equal("は半角30文字以内にしてください（濁点・半濁点も1文字と数えます。現在31文字）。", problem.Message.Ja);
    }

    [Fact]
    public void CheckHolderKana_handles_very_long_and_broken_input()
    {
        Assert.Equal("holderTooLong", Assert.Single(BankAccount.CheckHolderKana(new string('ア', 10_000)).Problems).Code);
        Assert.Equal("brokenCharacter", BankAccount.CheckHolderKana("ア\uD800").Problems[0].Code);
        Assert.Equal(10, BankAccount.CheckHolderKana(new string('漢', 100)).Problems.Count);
    }

    [Theory]
    [InlineData("12340", "12345671", "238", "二三八", "1234567")]
    [InlineData("10180", "1234561", "018", "〇一八", "0123456")]
    [InlineData("１９９９０", "９８７６５４３２", "998", "九九八", "9876543")]
    public void Yucho_kigo_bango_become_branch_and_account_number(string kigo, string bango, string branch, string branchName, string account)
    {
        var result = BankAccount.FromYuchoKigoBango(kigo, bango);
        Assert.True(result.IsValid);
        Assert.Equal((branch, branchName, account), (result.BranchCode!, result.BranchName!, result.AccountNumber!));
        Assert.True(BankAccount.Create(BankAccount.YuchoBankCode, result.BranchCode, "普通", result.AccountNumber, "ﾕｳﾁﾖ ﾀﾛｳ").IsValid);
    }

    [Theory]
    [InlineData("02340", "12345671", "yuchoKigo")] // 振替口座 (当座) follow another rule
    [InlineData("12345", "12345671", "yuchoKigo")]
    [InlineData("1234", "12345671", "yuchoKigo")]
    [InlineData("12340", "123456789", "yuchoBango")]
    [InlineData("12340", "1", "yuchoBango")]
    [InlineData("12340", "", "yuchoBango")]
    public void Yucho_conversion_refuses_other_shapes(string kigo, string bango, string part)
    {
        var result = BankAccount.FromYuchoKigoBango(kigo, bango);
        Assert.False(result.IsValid);
        Assert.Equal(part, Assert.Single(result.Problems).Part);
    }
}
