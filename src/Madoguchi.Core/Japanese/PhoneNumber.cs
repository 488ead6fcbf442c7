using System.Text;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Japanese;

/// <summary>What a domestic number is, from its prefix and length (総務省's numbering plan).</summary>
public enum PhoneNumberKind
{
    /// <summary>A shape the plan does not use for people (e.g. 060, or 10 digits starting 070).</summary>
    Unknown = 0,

    /// <summary>固定電話: 0 + 9 digits, area code 0[1-9]… (not one of the service prefixes below).</summary>
    FixedLine,

    /// <summary>携帯電話: 070, 080, 090 + 8 digits.</summary>
    Mobile,

    /// <summary>IP電話: 050 + 8 digits.</summary>
    IpPhone,

    /// <summary>フリーダイヤル: 0120 + 6 digits, 0800 + 7 digits.</summary>
    TollFree,

    /// <summary>ナビダイヤル and other paid services: 0570, 0180, 0990 + 6 digits.</summary>
    Service,

    /// <summary>M2M (020 + 8 digits): machines and pagers, not people.</summary>
    MachineToMachine,
}

/// <summary>Which kinds of number a field accepts.</summary>
[Flags]
public enum AcceptedPhoneKinds
{
    None = 0,
    FixedLine = 1,
    Mobile = 2,
    IpPhone = 4,
    TollFree = 8,

    /// <summary>Service numbers (0570 …), M2M, and shapes the plan does not assign.</summary>
    Other = 16,

    /// <summary>Anything <see cref="PhoneNumber.Normalize"/> accepts.</summary>
    Any = FixedLine | Mobile | IpPhone | TollFree | Other,
}

/// <summary>Japanese telephone numbers in domestic form (0 + 9 or 10 digits).</summary>
public static class PhoneNumber
{
    /// <summary>
    /// The number with 半角 digits, keeping the grouping the applicant typed (spaces, parentheses and any dash
    /// become "-"; none typed gives none), or null. "+81" is converted to the domestic 0 prefix, dropping a
    /// "(0)" trunk digit if written. The result must have 10–11 digits and start with a single 0.
    /// </summary>
    public static string? Normalize(string? s)
    {
        if (string.IsNullOrWhiteSpace(s) || s.Length > 40)
        {
            return null;
        }

        var value = Width.NarrowAsciiAndDigits(s).Trim();
        var international = value.StartsWith('+');
        if (international)
        {
            value = value[1..];
        }

        var groups = new List<string>();
        var current = new StringBuilder();
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                current.Append(c);
            }
            else if (Width.IsDash(c) || c is ' ' or '(' or ')')
            {
                if (current.Length > 0)
                {
                    groups.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                return null;
            }
        }

        if (current.Length > 0)
        {
            groups.Add(current.ToString());
        }

        if (groups.Count == 0)
        {
            return null;
        }

        if (international)
        {
            if (!groups[0].StartsWith("81", StringComparison.Ordinal))
            {
                return null;
            }

            groups[0] = groups[0][2..];
            if (groups[0].Length == 0)
            {
                groups.RemoveAt(0);
            }

            if (groups.Count > 0 && groups[0] == "0")
            {
                groups.RemoveAt(0);
            }

            if (groups.Count == 0 || groups[0].StartsWith('0'))
            {
                return null;
            }

            groups[0] = "0" + groups[0];
        }

        var digits = groups.Sum(g => g.Length);
        if (digits is < 10 or > 11 || !groups[0].StartsWith('0') || groups[0].StartsWith("00", StringComparison.Ordinal))
        {
            return null;
        }

        return string.Join('-', groups);
    }

    /// <summary>The ASCII digits of a number (hyphens and anything else dropped).</summary>
    public static string DigitsOf(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return string.Concat(value.Where(char.IsAsciiDigit));
    }

    /// <summary>The kind of a domestic number given as 10–11 ASCII digits (hyphens allowed); <see cref="PhoneNumberKind.Unknown"/> for anything else.</summary>
    public static PhoneNumberKind Classify(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        var d = DigitsOf(number);
        if (d.Length is < 10 or > 11 || d[0] != '0' || d[1] == '0')
        {
            return PhoneNumberKind.Unknown;
        }

        return (d.Length, d[..3], d[..4]) switch
        {
            (11, _, "0800") => PhoneNumberKind.TollFree, // before 080: 0800 is toll-free, not mobile
            (11, "070" or "080" or "090", _) => PhoneNumberKind.Mobile,
            (11, "050", _) => PhoneNumberKind.IpPhone,
            (11, "020", _) => PhoneNumberKind.MachineToMachine,
            (11, _, _) => PhoneNumberKind.Unknown,
            (10, _, "0120") => PhoneNumberKind.TollFree,
            (10, _, "0570" or "0180" or "0990") => PhoneNumberKind.Service,
            (10, "020" or "050" or "060" or "070" or "080" or "090", _) => PhoneNumberKind.Unknown,
            (10, _, "0800") => PhoneNumberKind.Unknown,
            _ => PhoneNumberKind.FixedLine,
        };
    }

    /// <summary>
    /// The standard hyphenation where the digits alone decide it: mobile, IP and M2M 3-4-4 (090-1234-5678), 0120,
    /// 0570, 0180 and 0990 4-3-3, 0800 4-3-4, and the two-digit area codes 03 and 06 2-4-4. Other fixed lines are
    /// returned as digits only: their area code has 2–5 digits and only the full 市外局番 table could split them.
    /// </summary>
    public static string Format(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        var d = DigitsOf(number);
        return Classify(d) switch
        {
            PhoneNumberKind.Mobile or PhoneNumberKind.IpPhone or PhoneNumberKind.MachineToMachine => $"{d[..3]}-{d[3..7]}-{d[7..]}",
            PhoneNumberKind.TollFree when d.Length == 11 => $"{d[..4]}-{d[4..7]}-{d[7..]}",
            PhoneNumberKind.TollFree or PhoneNumberKind.Service => $"{d[..4]}-{d[4..7]}-{d[7..]}",
            PhoneNumberKind.FixedLine when d[1] is '3' or '6' => $"{d[..2]}-{d[2..6]}-{d[6..]}",
            _ => d,
        };
    }

    /// <summary>
    /// Normalises (<see cref="Normalize"/>), classifies and checks a number against the kinds a field accepts. The
    /// stored value is <see cref="Format"/>'s where the hyphenation is standard; for other fixed lines it is the
    /// applicant's grouping when it has the shape of one (市外局番 2–5 digits with the 0, 市内局番 1–4, 加入者番号 4),
    /// else the digits only.
    /// </summary>
    public static PhoneCheckResult Check(string? input, AcceptedPhoneKinds accepted = AcceptedPhoneKinds.Any)
    {
        var normalized = Normalize(input);
        if (normalized is null)
        {
            var problem = string.IsNullOrWhiteSpace(input)
                ? new FieldProblem("required", new LocalizedText("を入力してください。", " is required."))
                : new FieldProblem("invalidPhone", new LocalizedText(
                    "は0から始まる10桁または11桁の電話番号で入力してください（例：03-1234-5678）。",
                    " must be a 10 or 11 digit Japanese phone number starting with 0 (e.g. 03-1234-5678)."));
            return new PhoneCheckResult(null, null, PhoneNumberKind.Unknown, [problem]);
        }

        var digits = DigitsOf(normalized);
        var kind = Classify(digits);
        var value = Format(digits);
        if (value == digits && kind == PhoneNumberKind.FixedLine && HasFixedLineShape(normalized))
        {
            value = normalized;
        }

        if ((accepted & ToAccepted(kind)) != 0)
        {
            return new PhoneCheckResult(value, digits, kind, []);
        }

        var (wantedJa, wantedEn) = Describe(accepted);
        var (kindJa, kindEn) = DescribeKind(kind);
        var article = wantedEn.StartsWith("IP", StringComparison.Ordinal) || wantedEn.StartsWith("other", StringComparison.Ordinal) ? "an" : "a";
        var mismatch = new FieldProblem("phoneKindNotAccepted", new LocalizedText(
            $"は{wantedJa}の番号を入力してください（入力された番号は{kindJa}です）。",
            $" must be {article} {wantedEn} number (the number entered is {kindEn})."));
        return new PhoneCheckResult(null, digits, kind, [mismatch]);
    }

    private static AcceptedPhoneKinds ToAccepted(PhoneNumberKind kind) => kind switch
    {
        PhoneNumberKind.FixedLine => AcceptedPhoneKinds.FixedLine,
        PhoneNumberKind.Mobile => AcceptedPhoneKinds.Mobile,
        PhoneNumberKind.IpPhone => AcceptedPhoneKinds.IpPhone,
        PhoneNumberKind.TollFree => AcceptedPhoneKinds.TollFree,
        _ => AcceptedPhoneKinds.Other,
    };

    private static (string Ja, string En) DescribeKind(PhoneNumberKind kind) => kind switch
    {
        PhoneNumberKind.FixedLine => ("固定電話の番号", "a landline number"),
        PhoneNumberKind.Mobile => ("携帯電話の番号", "a mobile number"),
        PhoneNumberKind.IpPhone => ("IP電話（050）の番号", "an IP phone number (050)"),
        PhoneNumberKind.TollFree => ("フリーダイヤルの番号", "a toll-free number"),
        PhoneNumberKind.Service => ("ナビダイヤルなどのサービス番号", "a service number such as 0570"),
        PhoneNumberKind.MachineToMachine => ("機器向け（020）の番号", "a machine-to-machine number (020)"),
        _ => ("人に割り当てられていない形の番号", "not a kind of number assigned to people"),
    };

    private static (string Ja, string En) Describe(AcceptedPhoneKinds kinds)
    {
        var ja = new List<string>();
        var en = new List<string>();
        foreach (var (flag, j, e) in new[]
        {
            (AcceptedPhoneKinds.FixedLine, "固定電話", "landline"),
            (AcceptedPhoneKinds.Mobile, "携帯電話", "mobile"),
            (AcceptedPhoneKinds.IpPhone, "IP電話（050）", "IP phone (050)"),
            (AcceptedPhoneKinds.TollFree, "フリーダイヤル（0120・0800）", "toll-free (0120/0800)"),
            (AcceptedPhoneKinds.Other, "その他", "other"),
        })
        {
            if ((kinds & flag) != 0)
            {
                ja.Add(j);
                en.Add(e);
            }
        }

        return (string.Join("・", ja), string.Join(" or ", en));
    }

    /// <summary>Three groups shaped 市外局番 (0 + 1–4 digits) - 市内局番 (1–4) - 加入者番号 (4), ten digits in all.</summary>
    private static bool HasFixedLineShape(string grouped)
    {
        var groups = grouped.Split('-');
        return groups.Length == 3
            && groups[0].Length is >= 2 and <= 5 && groups[0][0] == '0'
            && groups[1].Length is >= 1 and <= 4
            && groups[2].Length == 4;
    }
}

/// <summary>The outcome of <see cref="PhoneNumber.Check"/>.</summary>
/// <param name="Value">The number to store (hyphenated where standard), when accepted.</param>
/// <param name="Digits">The digits, when the input was a number at all.</param>
/// <param name="Kind">The kind of the number entered.</param>
public sealed record PhoneCheckResult(string? Value, string? Digits, PhoneNumberKind Kind, IReadOnlyList<FieldProblem> Problems)
{
    public bool IsValid => Value is not null && Problems.Count == 0;
}
