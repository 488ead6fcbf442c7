using System.Globalization;
using System.Text;

namespace Madoguchi.Core.Japanese;

/// <summary>預金種目 with the codes of the 全銀協 (Zengin) record formats. 9 (その他) exists there but is not offered to applicants.</summary>
public enum DepositType
{
    /// <summary>普通預金 (code 1).</summary>
    Ordinary = 1,

    /// <summary>当座預金 (code 2).</summary>
    Current = 2,

    /// <summary>貯蓄預金 (code 4).</summary>
    Savings = 4,
}

/// <summary>
/// 振込先口座: 金融機関コード (4 digits), 支店コード (3 digits), 預金種目, 口座番号 (7 digits) and 口座名義カナ in the
/// form banks exchange (半角カナ, upper-case letters, digits, space and <c>( ) . - / ,</c>; at most 30 characters).
/// </summary>
public sealed record BankAccount(string BankCode, string BranchCode, DepositType DepositType, string AccountNumber, string HolderKana)
{
    /// <summary>Length of 受取人名 in the 全銀 総合振込 data record, in half-width characters (ﾞ and ﾟ count as one each).</summary>
    public const int MaxHolderLength = 30;

    /// <summary>金融機関コード of ゆうちょ銀行.</summary>
    public const string YuchoBankCode = "9900";

    private const string _allowedSymbols = " ().-/,";

    private static readonly PartWording _bankCode = new("bankCode", "（金融機関コード）", " (bank code)");
    private static readonly PartWording _branchCode = new("branchCode", "（支店コード）", " (branch code)");
    private static readonly PartWording _depositType = new("depositType", "（預金種目）", " (account type)");
    private static readonly PartWording _accountNumber = new("accountNumber", "（口座番号）", " (account number)");
    private static readonly PartWording _holder = new("holderKana", "（口座名義カナ）", " (account holder in kana)");
    private static readonly PartWording _kigo = new("yuchoKigo", "（記号）", " (Japan Post Bank symbol)");
    private static readonly PartWording _bango = new("yuchoBango", "（番号）", " (Japan Post Bank number)");

    /// <summary>
    /// Checks every part and builds the account; problems name the part. Codes and numbers accept 全角 digits;
    /// the account number may have 1–7 digits and is left-padded with zeros to the 7 digits banks use; the holder
    /// name is converted with <see cref="ToZenginKana"/> first.
    /// </summary>
    public static BankAccountResult Create(string? bankCode, string? branchCode, string? depositType, string? accountNumber, string? holderName)
    {
        var problems = new List<FieldProblem>();
        var bank = NormalizeBankCode(bankCode);
        if (bank is null)
        {
            problems.Add(CodeProblem(_bankCode, bankCode, "invalidBankCode", "4桁の数字", "a 4-digit number", "0001"));
        }

        var branch = NormalizeBranchCode(branchCode);
        if (branch is null)
        {
            problems.Add(CodeProblem(_branchCode, branchCode, "invalidBranchCode", "3桁の数字", "a 3-digit number", "001"));
        }

        var hasType = TryParseDepositType(depositType, out var type);
        if (!hasType)
        {
            problems.Add(string.IsNullOrWhiteSpace(depositType)
                ? ProblemText.Create("required", _depositType, "を選択してください。", " is required.")
                : ProblemText.Create("invalidDepositType", _depositType, "は普通・当座・貯蓄のいずれかを選択してください。", " must be ordinary (普通), current (当座) or savings (貯蓄)."));
        }

        var number = NormalizeAccountNumber(accountNumber);
        if (number is null)
        {
            problems.Add(CodeProblem(_accountNumber, accountNumber, "invalidAccountNumber", "7桁以内の数字", "a number of up to 7 digits", "1234567"));
        }

        var holder = CheckHolderKana(holderName, _holder, problems);
        return problems.Count == 0 && bank is not null && branch is not null && number is not null && holder is not null
            ? new BankAccountResult(new BankAccount(bank, branch, type, number, holder), problems)
            : new BankAccountResult(null, problems);
    }

    /// <summary>Exactly 4 digits (全角 accepted, surrounding spaces ignored), or null. Short codes are not padded: a missing digit is more likely a mistake.</summary>
    public static string? NormalizeBankCode(string? value) => FixedDigits(value, 4);

    /// <summary>Exactly 3 digits (全角 accepted, surrounding spaces ignored), or null.</summary>
    public static string? NormalizeBranchCode(string? value) => FixedDigits(value, 3);

    /// <summary>1–7 digits, left-padded with zeros to 7 (<c>12345</c> → <c>0012345</c>), or null.</summary>
    public static string? NormalizeAccountNumber(string? value)
    {
        var digits = Digits(value);
        return digits is { Length: >= 1 and <= 7 } ? digits.PadLeft(7, '0') : null;
    }

    /// <summary>Reads 1/2/4, 普通/当座/貯蓄 (with or without 預金), or ordinary/current/savings.</summary>
    public static bool TryParseDepositType(string? value, out DepositType type)
    {
        type = DepositType.Ordinary;
        var text = Width.NarrowAsciiAndDigits(value ?? "").Trim().ToLowerInvariant();
        if (text.EndsWith("預金", StringComparison.Ordinal))
        {
            text = text[..^2];
        }

        DepositType? parsed = text switch
        {
            "1" or "普通" or "ordinary" => DepositType.Ordinary,
            "2" or "当座" or "current" => DepositType.Current,
            "4" or "貯蓄" or "savings" => DepositType.Savings,
            _ => null,
        };

        type = parsed ?? DepositType.Ordinary;
        return parsed is not null;
    }

    /// <summary>The 全銀 code of a deposit type as one digit (<c>"1"</c>, <c>"2"</c>, <c>"4"</c>).</summary>
    public static string DepositTypeCode(DepositType type) => ((int)type).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Converts what people type for a 口座名義 into the bank form: ひらがな and 全角カタカナ → 半角カナ with separate
    /// marks (ガ → ｶﾞ, ヴ → ｳﾞ), small kana → large as banks require (ッ → ﾂ, ャ → ﾔ, ｧ → ｱ, ヮ → ﾜ, ヵ → ｶ, ヶ → ｹ),
    /// ヰ/ヱ → ｲ/ｴ, 全角 letters, digits and symbols → ASCII, lower case → upper case, ー and dash look-alikes → -,
    /// ・ and 。 → ., 、 → ,, and any spaces → one space, trimmed. Other characters are kept for the check to report.
    /// </summary>
    public static string ToZenginKana(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 4);
        foreach (var (_, _, element) in TextElements.Enumerate(value))
        {
            builder.Append(ConvertHolderElement(element));
        }

        return CollapseSpaces(builder.ToString());
    }

    /// <summary>True for the characters of the bank form: ｱ–ﾝ, ﾞ, ﾟ, A–Z, 0–9, space and <c>( ) . - / ,</c>.</summary>
    public static bool IsZenginCharacter(char c) =>
        c is (>= '\uFF71' and <= '\uFF9F') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') || _allowedSymbols.Contains(c, StringComparison.Ordinal);

    /// <summary>
    /// Converts (<see cref="ToZenginKana"/>) and checks a 口座名義: every character that banks do not accept is
    /// reported with its position as typed, the result must have a kana or letter and at most 30 characters.
    /// </summary>
    public static ZenginKanaResult CheckHolderKana(string? value)
    {
        var problems = new List<FieldProblem>();
        var holder = CheckHolderKana(value, PartWording.None, problems);
        return new ZenginKanaResult(holder, problems);
    }

    /// <summary>
    /// ゆうちょ銀行 記号・番号 → the 店番 and 口座番号 used for transfers from other banks, for 総合口座 (記号 1xxx0):
    /// 店番 = the 2nd and 3rd digits of 記号 followed by 8; 口座番号 = 番号 (up to 8 digits) without its last digit,
    /// left-padded to 7; 預金種目 普通. 振替口座 (記号 0xxxx, 当座) follow another rule and are refused.
    /// </summary>
    public static YuchoConversionResult FromYuchoKigoBango(string? kigo, string? bango)
    {
        var problems = new List<FieldProblem>();
        var symbol = Digits(kigo);
        if (symbol is not { Length: 5 } || symbol[0] != '1' || symbol[4] != '0')
        {
            problems.Add(ProblemText.Create("invalidYuchoKigo", _kigo,
                "は「1」で始まり「0」で終わる5桁の数字で入力してください（例：12340）。通帳の記号をご確認ください。",
                " must be 5 digits starting with 1 and ending with 0 (e.g. 12340); see the symbol printed in the passbook."));
        }

        var number = Digits(bango);
        if (number is not { Length: >= 2 and <= 8 })
        {
            problems.Add(ProblemText.Create("invalidYuchoBango", _bango,
                "は8桁以内の数字で入力してください（例：12345671）。",
                " must be a number of up to 8 digits (e.g. 12345671)."));
        }

        if (problems.Count > 0 || symbol is null || number is null)
        {
            return new YuchoConversionResult(null, null, null, problems);
        }

        var branch = string.Concat(symbol.AsSpan(1, 2), "8");
        var account = number[..^1].PadLeft(7, '0');
        return new YuchoConversionResult(branch, KanjiDigits(branch), account, problems);
    }

    private static string? CheckHolderKana(string? value, PartWording part, List<FieldProblem> problems)
    {
        var input = value ?? "";
        var converted = ToZenginKana(input);
        if (converted.Length == 0)
        {
            problems.Add(ProblemText.Required(part));
            return null;
        }

        var before = problems.Count;
        foreach (var (position, _, element) in TextElements.Enumerate(input))
        {
            if (problems.Count - before >= 10)
            {
                break;
            }

            if (!TextElements.IsWellFormed(element))
            {
                problems.Add(ProblemText.Broken(part, position, element));
                continue;
            }

            var bankForm = ConvertHolderElement(element);
            if (bankForm.All(c => IsZenginCharacter(c) || c == ' '))
            {
                continue;
            }

            if (element.EnumerateRunes().Any(r => CharacterSets.IsControl(r.Value)))
            {
                problems.Add(ProblemText.Control(part, position, element));
                continue;
            }

            string? suggestion = bankForm == "\uFF66" ? "\uFF75" : null; // ｦ is outside the set; banks write ｵ.
            var ja = $"の{position}文字目{CharacterWording.Ja(element)}は口座名義に使えません。カタカナ、英大文字、数字、スペースと記号 ( ) . - / , で入力してください。";
            var en = $": character {position} {CharacterWording.En(element)} cannot be used in an account name; use katakana, capital letters, digits, spaces and ( ) . - / ,.";
            if (suggestion is not null)
            {
                ja += ProblemText.ReplaceWithJa(suggestion);
                en += ProblemText.ReplaceWithEn(suggestion);
            }

            problems.Add(ProblemText.At("invalidHolderCharacter", part, position, element, ja, en, suggestion));
        }

        var firstMark = converted.AsSpan().IndexOfAny('\uFF9E', '\uFF9F');
        if (problems.Count == before && firstMark == 0)
        {
            problems.Add(ProblemText.Create("misplacedSoundMark", part, "の先頭に濁点・半濁点があります。", " starts with a voiced sound mark."));
        }

        if (problems.Count == before && converted.Length > MaxHolderLength)
        {
            problems.Add(ProblemText.Create("holderTooLong", part,
                $"は半角{MaxHolderLength}文字以内にしてください（濁点・半濁点も1文字と数えます。現在{converted.Length}文字）。",
                $" must be at most {MaxHolderLength} half-width characters, counting each voiced sound mark as one (currently {converted.Length})."));
        }

        return problems.Count == before ? converted : null;
    }

    private static string ConvertHolderElement(string element)
    {
        if (!TextElements.IsWellFormed(element))
        {
            return element;
        }

        var composed = element.Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(composed.Length);
        foreach (var original in composed)
        {
            builder.Append(original switch
            {
                >= '\u3041' and <= '\u3096' => LargeKana((char)(original + 0x60)),
                _ => LargeKana(original),
            });
        }

        var half = Kana.ToHalfWidthKatakana(Width.NarrowAsciiAndDigits(builder.ToString()));
        var output = new StringBuilder(half.Length);
        foreach (var c in half)
        {
            output.Append(c switch
            {
                >= 'a' and <= 'z' => char.ToUpperInvariant(c),
                '\uFF70' => '-',
                _ when Width.IsDash(c) => '-',
                '\uFF65' or '\uFF61' => '.',
                '\uFF64' => ',',
                _ when char.IsWhiteSpace(c) && !char.IsControl(c) => ' ',
                _ => c,
            });
        }

        return output.ToString();
    }

    /// <summary>Small kana → large (banks have no small kana), and kana without a half-width form → their nearest one.</summary>
    private static char LargeKana(char c) => c switch
    {
        'ァ' => 'ア',
        'ィ' => 'イ',
        'ゥ' => 'ウ',
        'ェ' => 'エ',
        'ォ' => 'オ',
        'ッ' => 'ツ',
        'ャ' => 'ヤ',
        'ュ' => 'ユ',
        'ョ' => 'ヨ',
        'ヮ' => 'ワ',
        'ヵ' => 'カ',
        'ヶ' => 'ケ',
        'ヰ' => 'イ',
        'ヱ' => 'エ',
        '\uFF67' => '\uFF71',
        '\uFF68' => '\uFF72',
        '\uFF69' => '\uFF73',
        '\uFF6A' => '\uFF74',
        '\uFF6B' => '\uFF75',
        '\uFF6C' => '\uFF94',
        '\uFF6D' => '\uFF95',
        '\uFF6E' => '\uFF96',
        '\uFF6F' => '\uFF82',
        _ => c,
    };

    private static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c == ' ' && (builder.Length == 0 || builder[^1] == ' '))
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString().TrimEnd(' ');
    }

    private static string? FixedDigits(string? value, int length)
    {
        var digits = Digits(value);
        return digits?.Length == length ? digits : null;
    }

    /// <summary>ASCII digits from 半角 or 全角 digits with surrounding spaces, or null when anything else is present.</summary>
    private static string? Digits(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = Width.NarrowAsciiAndDigits(value).Trim();
        return text.Length > 0 && text.All(char.IsAsciiDigit) ? text : null;
    }

    private static FieldProblem CodeProblem(PartWording part, string? value, string code, string whatJa, string whatEn, string example) =>
        string.IsNullOrWhiteSpace(value)
            ? ProblemText.Required(part)
            : ProblemText.Create(code, part, $"は{whatJa}で入力してください（例：{example}）。", $" must be {whatEn} (e.g. {example}).");

    private static string KanjiDigits(string digits) =>
        string.Concat(digits.Select(d => "〇一二三四五六七八九"[d - '0']));
}

/// <summary>The outcome of <see cref="BankAccount.Create"/>.</summary>
public sealed record BankAccountResult(BankAccount? Account, IReadOnlyList<FieldProblem> Problems)
{
    public bool IsValid => Account is not null && Problems.Count == 0;
}

/// <summary>The outcome of <see cref="BankAccount.CheckHolderKana"/>: the bank form when there are no problems.</summary>
public sealed record ZenginKanaResult(string? HolderKana, IReadOnlyList<FieldProblem> Problems)
{
    public bool IsValid => HolderKana is not null && Problems.Count == 0;
}

/// <summary>The outcome of <see cref="BankAccount.FromYuchoKigoBango"/>.</summary>
/// <param name="BranchCode">店番, e.g. <c>238</c>, used with bank code <see cref="BankAccount.YuchoBankCode"/>.</param>
/// <param name="BranchName">店名: the 店番 in kanji digits, e.g. 二三八.</param>
/// <param name="AccountNumber">口座番号, 7 digits; the deposit type is 普通.</param>
public sealed record YuchoConversionResult(string? BranchCode, string? BranchName, string? AccountNumber, IReadOnlyList<FieldProblem> Problems)
{
    public bool IsValid => BranchCode is not null && Problems.Count == 0;
}
