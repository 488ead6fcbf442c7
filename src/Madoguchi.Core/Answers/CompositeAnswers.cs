using System.Globalization;
using System.Text.Json.Nodes;
using Madoguchi.Core.Japanese;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Answers;

/// <summary>Answers with named parts: 氏名 (name), 住所 (address) and 口座 (bank account).</summary>
public static partial class AnswerValidator
{
    /// <summary>The 47 prefectures in JIS X 0401 order (the order of the address select).</summary>
    public static readonly IReadOnlyList<string> Prefectures =
    [
        "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県",
        "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県",
        "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
        "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
    ];

    /// <summary>預金種目 codes as in the 全銀 format: 1 普通, 2 当座, 4 貯蓄.</summary>
    public static readonly IReadOnlyList<(string Value, LocalizedText Label)> AccountTypes =
    [
        ("1", new LocalizedText("普通", "Ordinary")),
        ("2", new LocalizedText("当座", "Current")),
        ("4", new LocalizedText("貯蓄", "Savings")),
    ];

    /// <summary>Names of the parts, for labels and messages.</summary>
    public static LocalizedText PartName(string part) => part switch
    {
        "family" => new("姓", "family name"),
        "given" => new("名", "given name"),
        "familyKana" => new("セイ", "family name reading"),
        "givenKana" => new("メイ", "given name reading"),
        "postalCode" => new("郵便番号", "postal code"),
        "prefecture" => new("都道府県", "prefecture"),
        "city" => new("市区町村", "city"),
        "street" => new("町名・番地", "town and street"),
        "building" => new("建物名・部屋番号", "building and room"),
        "bankCode" => new("金融機関コード", "bank code"),
        "branchCode" => new("支店コード", "branch code"),
        "accountType" => new("預金種目", "account type"),
        "accountNumber" => new("口座番号", "account number"),
        "holderKana" => new("口座名義（カナ）", "account holder (kana)"),
        _ => new(part, part),
    };

    /// <summary>The parts a complete answer must have (the building line and, when not asked, readings are optional).</summary>
    public static bool IsMandatoryPart(FieldDefinition field, string part)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Type switch
        {
            FieldType.Name => part is "family" or "given" || (field.AsksReading && part is "familyKana" or "givenKana"),
            FieldType.Address => part is not "building",
            FieldType.BankAccount => true,
            _ => false,
        };
    }

    private static JsonObject? ReadComposite(Check check, IReadOnlyDictionary<string, IReadOnlyList<string>> raw)
    {
        var field = check.Field;
        var parts = field.Type.CompositeParts().Where(p => field.Type != FieldType.Name || field.AsksReading || !p.EndsWith("Kana", StringComparison.Ordinal)).ToList();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            if (raw.TryGetValue(check.Key + "." + part, out var submitted) && submitted.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) is { } value)
            {
                values[part] = value.Trim().Trim('\u3000');
            }
        }

        if (values.Count == 0)
        {
            return null;
        }

        var result = new JsonObject();
        var ok = true;
        var profile = CharacterSets.TryParseProfile(field.Charset, out var p) ? p : CharacterProfile.Any;
        if (field.Type == FieldType.Name)
        {
            return ReadName(check, values, profile);
        }

        foreach (var part in parts)
        {
            if (!values.TryGetValue(part, out var value))
            {
                if (IsMandatoryPart(field, part))
                {
                    var verb = part is "prefecture" or "accountType" ? "を選択してください。" : "を入力してください。";
                    check.FailPart(part, PartName(part), "partRequired", verb, " is required.");
                    ok = false;
                }

                continue;
            }

            if (part is "city" or "street" or "building" && profile != CharacterProfile.Any
                && CharacterSets.Validate(value, profile) is { Count: > 0 } charsetProblems)
            {
                check.FailAt(check.Key + "." + part, charsetProblems[0], PartName(part));
                ok = false;
                continue;
            }

            if (ReadPart(check, part, value) is { } canonical)
            {
                result[part] = canonical;
            }
            else
            {
                ok = false;
            }
        }

        return ok ? result : null;
    }

    private static string? ReadPart(Check check, string part, string value)
    {
        var name = PartName(part);
        if (value.Any(c => char.IsControl(c)) || !HasValidSurrogates(value))
        {
            check.FailPart(part, name, "invalidCharacters", "に使用できない文字（改行や制御文字など）が含まれています。", " contains characters that are not allowed (line breaks or control characters).");
            return null;
        }

        switch (part)
        {
            case "family" or "given":
                // Names keep the characters exactly as written (no NFKC: 髙 and 﨑 are the person's own characters).
                return LengthAtMost(check, part, name, value, 50);
            case "familyKana" or "givenKana":
                var kana = Kana.ToFullWidthKatakana(value);
                if (!Kana.IsKatakanaReading(kana))
                {
                    check.FailPart(part, name, "invalidKana", "は全角カタカナで入力してください。", " must be written in katakana.");
                    return null;
                }

                return LengthAtMost(check, part, name, kana, 100);
            case "postalCode":
                return PostalCode.Normalize(value) ?? Fail(check.FailPart(part, name, "invalidPostalCode", "は7桁の郵便番号で入力してください（例：100-8914）。", " must be a 7-digit postal code (e.g. 100-8914)."));
            case "prefecture":
                return Prefectures.Contains(value) ? value : Fail(check.FailPart(part, name, "invalidPrefecture", "は一覧から選んでください。", ": choose one from the list."));
            case "city" or "street" or "building":
                return LengthAtMost(check, part, name, value, 200);
            case "bankCode":
                return Digits(check, part, name, value, 4, 4, "は4桁の数字で入力してください（例：0001）。", " must be 4 digits (e.g. 0001).");
            case "branchCode":
                return Digits(check, part, name, value, 3, 3, "は3桁の数字で入力してください（例：001）。", " must be 3 digits (e.g. 001).");
            case "accountType":
                // 1/2/4, 普通/当座/貯蓄 or ordinary/current/savings in; the 全銀 code out.
                return BankAccount.TryParseDepositType(value, out var depositType)
                    ? BankAccount.DepositTypeCode(depositType)
                    : Fail(check.FailPart(part, name, "invalidAccountType", "は普通・当座・貯蓄から選んでください。", ": choose ordinary, current or savings."));
            case "accountNumber":
                return Digits(check, part, name, value, 1, 7, "は7桁以内の数字で入力してください。", " must be at most 7 digits.")?.PadLeft(7, '0');
            case "holderKana":
                // Banks take 口座名義 in 全銀 characters: half-width katakana, upper-case letters, digits and a few symbols.
                var holder = BankAccount.CheckHolderKana(value);
                if (holder.Problems.Count > 0)
                {
                    check.FailAt(check.Key + "." + part, holder.Problems[0], name);
                    return null;
                }

                return holder.HolderKana;
            default:
                return value;
        }
    }

    private static string? Fail(JsonNode? _) => null;

    private static readonly Dictionary<string, string> NameParts = new(StringComparer.Ordinal)
    {
        ["familyName"] = "family",
        ["givenName"] = "given",
        ["familyNameKana"] = "familyKana",
        ["givenNameKana"] = "givenKana",
    };

    /// <summary>Names through the 氏名 rules: never NFKC, 半角カナ refused in names, readings to full-width katakana.</summary>
    private static JsonObject? ReadName(Check check, Dictionary<string, string> values, CharacterProfile profile)
    {
        var field = check.Field;
        var result = PersonName.Create(
            values.GetValueOrDefault("family"),
            values.GetValueOrDefault("given"),
            values.GetValueOrDefault("familyKana"),
            values.GetValueOrDefault("givenKana"),
            new NameOptions { ReadingRequired = field.AsksReading, Profile = profile });
        if (result.Name is not { } name)
        {
            foreach (var problem in result.Problems)
            {
                var part = problem.Part is { } p && NameParts.TryGetValue(p, out var mine) ? mine : "family";
                if (problem.Code == "required")
                {
                    var verb = "を入力してください。";
                    check.FailPart(part, PartName(part), "partRequired", verb, " is required.");
                }
                else
                {
                    check.FailAt(check.Key + "." + part, problem, null);
                }
            }

            return null;
        }

        var answer = new JsonObject { ["family"] = name.FamilyName, ["given"] = name.GivenName };
        if (field.AsksReading)
        {
            answer["familyKana"] = name.FamilyNameKana;
            answer["givenKana"] = name.GivenNameKana;
        }

        return answer;
    }

    private static string? LengthAtMost(Check check, string part, LocalizedText name, string value, int max)
    {
        var length = new StringInfo(value).LengthInTextElements;
        return length <= max
            ? value
            : Fail(check.FailPart(part, name, "tooLong", $"は{max}文字以内で入力してください（現在{length}文字）。", $" must be at most {max} characters (currently {length})."));
    }

    private static string? Digits(Check check, string part, LocalizedText name, string value, int min, int max, string ja, string en)
    {
        var digits = Width.NarrowAsciiAndDigits(value).Trim();
        return digits.Length >= min && digits.Length <= max && digits.All(char.IsAsciiDigit)
            ? digits
            : Fail(check.FailPart(part, name, "invalidDigits", ja, en));
    }
}
