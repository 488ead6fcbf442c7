using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madoguchi.Core.Japanese;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Answers;

/// <summary>
/// Checks submitted answers against a procedure definition and turns them into canonical values. This is the
/// single source of validation (house style 9): the portal, the back office and the API all show these errors.
/// </summary>
public static partial class AnswerValidator
{
    /// <param name="definition">The published definition the application is made against.</param>
    /// <param name="raw">Field id → submitted strings (form posts, or API values converted to invariant strings).
    /// Single-valued fields use the first non-blank value; unknown keys are ignored.</param>
    /// <param name="files">Field id → uploads for file fields. Files are checked but never put into the answers.</param>
    /// <param name="today">The submission day in Japan. No v1 rule depends on it yet; it is part of the signature so
    /// that relative date limits can arrive without changing every caller.</param>
    /// <param name="onlyFields">Validate only these (one page of a multi-page form); all input fields when null.</param>
    public static AnswerValidationResult Validate(
        ProcedureDefinition definition,
        IReadOnlyDictionary<string, IReadOnlyList<string>> raw,
        IReadOnlyDictionary<string, IReadOnlyList<UploadedFileInfo>> files,
        DateOnly today,
        IEnumerable<FieldDefinition>? onlyFields = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(files);

        // Pass 1 reads every answer into its canonical form and reports what is malformed; pass 2 decides, from
        // the whole set of answers, what is required (and, with rules, what is shown and calculated).
        // Rules may read any field, so every answer is read even when only one page is being checked; only that
        // page's errors are reported.
        var rules = ProcedureRules.For(definition);
        var answers = new JsonObject();
        var errors = new List<FieldError>();
        var withFiles = new HashSet<string>(StringComparer.Ordinal);
        var fields = definition.InputFields.ToList();
        foreach (var field in fields)
        {
            if (rules.IsCalculated(field.Id))
            {
                continue; // computed by the server; whatever was submitted is ignored
            }

            if (ReadField(new Check(field, errors, field.Id, null), raw, files, withFiles, rules) is { } answer)
            {
                answers[field.Id] = answer;
            }
        }

        var run = rules.HasRules ? new RuleRun(definition, rules, answers, errors, today) : null;
        run?.Calculate();
        run?.ApplyVisibility();
        foreach (var field in fields)
        {
            if (run is null || !run.Hidden.Contains(field.Id))
            {
                ApplyPresence(new Check(field, errors, field.Id, null), answers, withFiles, run, run?.Environment);
            }
        }

        run?.ApplyChecks();

        if (onlyFields is not null)
        {
            var only = onlyFields.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
            errors.RemoveAll(e => !only.Contains(TopLevelId(e.FieldId)));
        }

        return new AnswerValidationResult(answers, errors) { HiddenFields = run?.Hidden ?? [] };
    }

    /// <summary>The top-level field an answer or error key belongs to ("invoices[2].amount" → "invoices").</summary>
    public static string TopLevelId(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var end = key.AsSpan().IndexOfAny(['.', '[', '#']);
        return end < 0 ? key : key[..end];
    }

    /// <summary>Raw key of one cell of a repeat group: "invoices[0].amount" (rows counted from 0).</summary>
    public static string CellKey(string repeatId, int row, string columnId) =>
        string.Create(CultureInfo.InvariantCulture, $"{repeatId}[{row}].{columnId}");

    /// <summary>Raw key that carries how many rows a form showed for a repeat group (blank rows included).</summary>
    public static string RowCountKey(string repeatId) => repeatId + "#rows";

    /// <summary>Reads one answer (pass 1). Blank gives null without an error; presence is pass 2's business.</summary>
    private static JsonNode? ReadField(Check check, IReadOnlyDictionary<string, IReadOnlyList<string>> raw, IReadOnlyDictionary<string, IReadOnlyList<UploadedFileInfo>> files, HashSet<string> withFiles, ProcedureRules rules)
    {
        var field = check.Field;
        switch (field.Type)
        {
            case FieldType.File:
                var uploads = files.TryGetValue(check.Key, out var found) ? found : [];
                if (uploads.Count > 0)
                {
                    withFiles.Add(check.Key);
                    ValidateFiles(check, uploads);
                }

                return null;
            case FieldType.MultiChoice:
                return ValidateMultiChoice(check, raw.TryGetValue(check.Key, out var ticked) ? ticked : []);
            case FieldType.Repeat:
                return ReadRows(check, raw, files, withFiles, rules);
            case FieldType.Name or FieldType.Address or FieldType.BankAccount:
                return ReadComposite(check, raw);
            default:
                var values = raw.TryGetValue(check.Key, out var submitted) ? submitted : [];
                return ValidateSingle(check, values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)));
        }
    }

    private static JsonArray? ReadRows(Check check, IReadOnlyDictionary<string, IReadOnlyList<string>> raw, IReadOnlyDictionary<string, IReadOnlyList<UploadedFileInfo>> files, HashSet<string> withFiles, ProcedureRules rules)
    {
        var field = check.Field;
        var prefix = field.Id + "[";
        var rows = 0;
        if (raw.TryGetValue(RowCountKey(check.Key), out var declared) && declared.Count > 0
            && int.TryParse(declared[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            rows = count;
        }

        foreach (var key in raw.Keys)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && key.IndexOf(']', prefix.Length) is var end and > 0
                && int.TryParse(key.AsSpan(prefix.Length, end - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                rows = Math.Max(rows, index + 1);
            }
        }

        if (rows > field.EffectiveMaxRows)
        {
            check.Fail("tooManyRows", $"は{field.EffectiveMaxRows}行までです（{rows}行あります）。", $" allows at most {field.EffectiveMaxRows} rows ({rows} given).");
            return null;
        }

        var array = new JsonArray();
        for (var i = 0; i < rows; i++)
        {
            var row = new JsonObject();
            var prefixText = RowPrefix(field, i);
            foreach (var column in field.RowFields.Where(c => !rules.IsCalculated(c.Id)))
            {
                var cell = new Check(column, check.Errors, CellKey(field.Id, i, column.Id), prefixText);
                if (ReadField(cell, raw, files, withFiles, rules) is { } value)
                {
                    row[column.Id] = value;
                }
            }

            // Rows left entirely blank (an "add row" pressed by mistake) are dropped, not stored as empty objects.
            if (row.Count > 0 || check.Errors.Any(e => e.FieldId.StartsWith(CellKey(field.Id, i, ""), StringComparison.Ordinal)))
            {
                array.Add(row);
            }
        }

        return array.Count > 0 ? array : null;
    }

    private static LocalizedText RowPrefix(FieldDefinition repeat, int row)
    {
        var ja = (repeat.RowLabel ?? repeat.Label).Ja;
        var en = (repeat.RowLabel ?? repeat.Label).En ?? ja;
        return new LocalizedText(
            string.Create(CultureInfo.InvariantCulture, $"{ja}（{row + 1}行目）の"),
            string.Create(CultureInfo.InvariantCulture, $"{en} (row {row + 1}): "));
    }

    /// <summary>Pass 2: required fields, required parts, and the row count of repeat groups.</summary>
    private static void ApplyPresence(Check check, JsonObject scope, HashSet<string> withFiles, RuleRun? run, Expressions.ExprEnvironment? environment)
    {
        var field = check.Field;
        var answer = scope[field.Id];
        var hasErrors = check.Errors.Any(e => e.FieldId == check.Key || e.FieldId.StartsWith(check.Key + ".", StringComparison.Ordinal) || e.FieldId.StartsWith(check.Key + "[", StringComparison.Ordinal));
        var blank = answer is null && !withFiles.Contains(check.Key);
        var required = field.Required || (run is not null && environment is not null && run.IsRequiredWhen(field, environment));
        if (run is not null && run.Rules.IsCalculated(field.Id))
        {
            return; // a calculated field is never the applicant's to fill in
        }

        if (blank)
        {
            if (required && !hasErrors)
            {
                check.Required();
            }

            if (field.Type != FieldType.Repeat || field.EffectiveMinRows == 0)
            {
                return;
            }
        }

        if (field.Type == FieldType.Repeat)
        {
            var rows = answer as JsonArray ?? [];
            if (rows.Count < field.EffectiveMinRows && !(blank && required))
            {
                check.Fail("tooFewRows", $"は{field.EffectiveMinRows}行以上入力してください。", $" needs at least {field.EffectiveMinRows} row(s).");
            }

            var prefix = check.Key;
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i] is not JsonObject row)
                {
                    continue;
                }

                var rowEnvironment = run is not null && environment is not null ? environment with { Row = ProcedureRules.RowValue(field, row) } : null;
                foreach (var column in field.RowFields)
                {
                    if (run is not null && rowEnvironment is not null && !run.Rules.IsShown(column.Id, rowEnvironment))
                    {
                        continue;
                    }

                    ApplyPresence(new Check(column, check.Errors, CellKey(prefix, i, column.Id), RowPrefix(field, i)), row, withFiles, run, rowEnvironment);
                }
            }
        }
    }

    private static JsonNode? ValidateSingle(Check check, string? value)
    {
        var field = check.Field;
        if (value is null)
        {
            return null;
        }

        return field.Type switch
        {
            FieldType.Text => ValidateText(check, value.Trim(), multiline: false),
            FieldType.TextArea => ValidateText(check, value.ReplaceLineEndings("\n").Trim(), multiline: true),
            FieldType.Integer => ValidateInteger(check, value),
            FieldType.Decimal => ValidateDecimal(check, value),
            FieldType.Date => ValidateDate(check, value),
            FieldType.Choice => ValidateChoice(check, value.Trim()),
            FieldType.YesNo => ValidateYesNo(check, value),
            FieldType.Email => ValidateEmail(check, value),
            FieldType.Phone => ValidatePhone(check, value),
            FieldType.PostalCode => PostalCode.Normalize(value) is { } postalCode
                ? postalCode
                : check.Fail("invalidPostalCode", "は7桁の郵便番号で入力してください（例：100-8914）。", " must be a 7-digit postal code (e.g. 100-8914)."),
            FieldType.CorporateNumber => ValidateCorporateNumber(check, value),
            FieldType.Kana => ValidateKana(check, value),
            _ => null,
        };
    }

    private static JsonNode? ValidatePhone(Check check, string value)
    {
        var accepted = check.Field.PhoneKind switch
        {
            "fixed" => AcceptedPhoneKinds.FixedLine | AcceptedPhoneKinds.IpPhone,
            "mobile" => AcceptedPhoneKinds.Mobile,
            "fixedOrMobile" => AcceptedPhoneKinds.FixedLine | AcceptedPhoneKinds.Mobile | AcceptedPhoneKinds.IpPhone,
            _ => AcceptedPhoneKinds.Any,
        };
        var result = PhoneNumber.Check(value, accepted);
        return result.Problems.Count == 0 && result.Value is { } phone
            ? phone
            : check.FailAt(check.Key, result.Problems[0], null);
    }

    private static JsonNode? ValidateText(Check check, string value, bool multiline)
    {
        var broken = !HasValidSurrogates(value);
        foreach (var c in value)
        {
            if (broken || (char.IsControl(c) && c != '\t' && !(multiline && c == '\n')))
            {
                return multiline
                    ? check.Fail("invalidCharacters", "に使用できない文字（制御文字など）が含まれています。", " contains characters that are not allowed (control characters).")
                    : check.Fail("invalidCharacters", "に使用できない文字（改行や制御文字など）が含まれています。1行で入力してください。", " contains characters that are not allowed (line breaks or control characters); enter it on one line.");
            }
        }

        if (!CheckLength(check, value))
        {
            return null;
        }

        if (CharacterSets.TryParseProfile(check.Field.Charset, out var profile) && profile != CharacterProfile.Any
            && CharacterSets.Validate(value, profile, allowLineBreaks: multiline) is { Count: > 0 } charsetProblems)
        {
            return check.FailAt(check.Key, charsetProblems[0], null);
        }

        if (check.Field.Pattern is { } pattern && !MatchesPattern(value, pattern))
        {
            return check.Field.PatternMessage is { } custom
                ? check.Fail("pattern", new LocalizedText(custom.Ja, custom.En ?? custom.Ja))
                : check.Fail("pattern", "の形式が正しくありません。", " is not in the expected format.");
        }

        return value;
    }

    private static bool HasValidSurrogates(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesPattern(string value, string pattern)
    {
        try
        {
            return Regex.IsMatch(value, TextRules.AnchorPattern(pattern), RegexOptions.CultureInvariant, TextRules.PatternTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            // A broken pattern is the author's mistake (the importer reports it); the applicant is not blocked by it.
            return true;
        }
    }

    /// <summary>Length in text elements, so 𠮷 or a family emoji counts as one character, as the applicant sees it.</summary>
    private static bool CheckLength(Check check, string value)
    {
        // Text elements never outnumber UTF-16 units, so a short enough string needs no grapheme walk.
        if (check.Field.MinLength is null && (check.Field.EffectiveMaxLength is not { } limit || value.Length <= limit))
        {
            return true;
        }

        var length = new StringInfo(value).LengthInTextElements;
        if (check.Field.EffectiveMaxLength is { } max && length > max)
        {
            check.Fail("tooLong", $"は{max:N0}文字以内で入力してください（現在{length:N0}文字）。", $" must be at most {max:N0} characters (currently {length:N0}).");
            return false;
        }

        if (check.Field.MinLength is { } min && length < min)
        {
            check.Fail("tooShort", $"は{min:N0}文字以上で入力してください（現在{length:N0}文字）。", $" must be at least {min:N0} characters (currently {length:N0}).");
            return false;
        }

        return true;
    }

    [GeneratedRegex(@"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerText();

    [GeneratedRegex(@"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalText();

    /// <summary>半角 digits, an ASCII sign, and no unit the applicant may have typed after the number (「100円」).</summary>
    private static string PrepareNumber(FieldDefinition field, string value)
    {
        var text = Width.NarrowAsciiAndDigits(value).Trim();
        foreach (var unit in new[] { field.Unit?.Ja, field.Unit?.En })
        {
            if (!string.IsNullOrWhiteSpace(unit) && text.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
            {
                text = text[..^unit.Length].TrimEnd();
                break;
            }
        }

        return text.Length > 0 && Width.IsDash(text[0]) ? "-" + text[1..] : text;
    }

    private static JsonNode? ValidateInteger(Check check, string value)
    {
        var text = PrepareNumber(check.Field, value);
        if (text.Length > 40 || !IntegerText().IsMatch(text))
        {
            return check.NumberFail("notInteger", integer: true);
        }

        if (!long.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            || number < check.Field.Min || number > check.Field.Max)
        {
            return check.NumberFail("outOfRange", integer: true);
        }

        return JsonValue.Create(number);
    }

    private static JsonNode? ValidateDecimal(Check check, string value)
    {
        var text = PrepareNumber(check.Field, value);
        if (text.Length > 40 || !text.Any(char.IsAsciiDigit) || !DecimalText().IsMatch(text))
        {
            return check.NumberFail("notDecimal", integer: false);
        }

        if (!decimal.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return check.NumberFail("outOfRange", integer: false);
        }

        var point = text.IndexOf('.', StringComparison.Ordinal);
        var decimals = point < 0 ? 0 : text[(point + 1)..].TrimEnd('0').Length;
        var scale = check.Field.EffectiveScale;
        if (decimals > scale)
        {
            return scale == 0
                ? check.Fail("tooManyDecimals", "は小数点以下を含まない数値で入力してください。", " must not have digits after the decimal point.")
                : check.Fail("tooManyDecimals", $"は小数点以下{scale}桁までで入力してください。", $" allows at most {scale} digit(s) after the decimal point.");
        }

        if (number < check.Field.Min || number > check.Field.Max)
        {
            return check.NumberFail("outOfRange", integer: false);
        }

        // Trailing zeros are dropped so that 1.50 and 1.5 are stored as the same answer.
        return JsonValue.Create(number / 1.0000000000000000000000000000m);
    }

    private static JsonNode? ValidateDate(Check check, string value)
    {
        if (!Wareki.TryParse(value, out var date))
        {
            return check.Fail("invalidDate", "は日付で入力してください（例：2026-04-01、令和8年4月1日、R8.4.1）。", " must be a date, e.g. 2026-04-01 or R8.4.1.");
        }

        var min = IsoDate(check.Field.MinDate);
        var max = IsoDate(check.Field.MaxDate);
        if (date < min || date > max)
        {
            var (ja, en) = (min, max) switch
            {
                ({ } from, { } to) => ($"は{Wareki.Format(from)}から{Wareki.Format(to)}までの日付を入力してください。", $" must be a date from {Iso(from)} to {Iso(to)}."),
                ({ } from, null) => ($"は{Wareki.Format(from)}以降の日付を入力してください。", $" must be on or after {Iso(from)}."),
                (null, { } to) => ($"は{Wareki.Format(to)}以前の日付を入力してください。", $" must be on or before {Iso(to)}."),
                _ => ("", ""),
            };
            return check.Fail("dateOutOfRange", ja, en);
        }

        return Iso(date);
    }

    private static DateOnly? IsoDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonNode? ValidateChoice(Check check, string value) =>
        check.Field.Choices?.FirstOrDefault(c => c.Value == value) is { } choice
            ? choice.Value
            : check.Fail("invalidChoice", "は表示されている選択肢から選んでください。", ": choose one of the listed options.");

    private static JsonNode? ValidateMultiChoice(Check check, IReadOnlyList<string> values)
    {
        var field = check.Field;
        var choices = field.Choices ?? [];
        var selected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()))
        {
            if (!choices.Any(c => c.Value == value) || !selected.Add(value))
            {
                return check.Fail("invalidChoice", "は表示されている選択肢から選んでください（同じ選択肢は1回だけ）。", ": choose from the listed options, each at most once.");
            }
        }

        if (selected.Count == 0)
        {
            return null;
        }

        if (field.MinSelected is { } min && selected.Count < min)
        {
            return check.Fail("tooFewSelected", $"は{min}つ以上選択してください。", $": choose at least {min}.");
        }

        if (field.MaxSelected is { } max && selected.Count > max)
        {
            return check.Fail("tooManySelected", $"は{max}つまで選択できます。", $": choose at most {max}.");
        }

        var array = new JsonArray();
        foreach (var choice in choices.Where(c => selected.Contains(c.Value)))
        {
            array.Add(choice.Value);
        }

        return array;
    }

    private static JsonNode? ValidateYesNo(Check check, string value) =>
        Width.NarrowAsciiAndDigits(value).Trim().ToLowerInvariant() switch
        {
            "yes" or "true" or "はい" => JsonValue.Create(true),
            "no" or "false" or "いいえ" => JsonValue.Create(false),
            _ => check.Fail("invalidYesNo", "は「はい」か「いいえ」で答えてください。", ": answer yes or no."),
        };

    private static JsonNode? ValidateEmail(Check check, string value)
    {
        // People type ＠ and 全角 letters with the IME on; the mailbox itself is kept as typed, the domain lower-cased.
        var email = Width.NarrowAsciiAndDigits(value).Trim();
        if (!EmailAddress.IsValid(email))
        {
            return check.Fail("invalidEmail", "はメールアドレスの形式（例：taro@example.jp）で入力してください。", " must be an e-mail address such as taro@example.jp.");
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        return string.Concat(email.AsSpan(0, at + 1), email[(at + 1)..].ToLowerInvariant());
    }

    private static JsonNode? ValidateCorporateNumber(Check check, string value)
    {
        if (CorporateNumber.Normalize(value) is not { } number)
        {
            return check.Fail("invalidCorporateNumber", "は13桁の法人番号（数字）で入力してください。", " must be a 13-digit corporate number.");
        }

        return CorporateNumber.IsValid(number)
            ? number
            : check.Fail("corporateNumberCheckDigit", "の法人番号に誤りがあります（先頭のチェック用数字が一致しません）。番号をご確認ください。", " is not a valid corporate number (its check digit does not match); please check the number.");
    }

    private static JsonNode? ValidateKana(Check check, string value)
    {
        var kana = Kana.ToFullWidthKatakana(value);
        if (!Kana.IsKatakanaReading(kana))
        {
            return check.Fail("invalidKana", "は全角カタカナで入力してください。", " must be written in katakana.");
        }

        return CheckLength(check, kana) ? kana : null;
    }

    private static void ValidateFiles(Check check, IReadOnlyList<UploadedFileInfo> uploads)
    {
        var field = check.Field;
        var maxFiles = field.EffectiveMaxFiles;
        if (uploads.Count > maxFiles)
        {
            check.Fail("tooManyFiles", $"は{maxFiles}件まで添付できます（{uploads.Count}件が添付されています）。", $" accepts at most {maxFiles} file(s) ({uploads.Count} attached).");
        }

        var accept = field.EffectiveAccept;
        var kinds = string.Join(", ", accept.Select(k => k.ToUpperInvariant()));
        foreach (var upload in uploads)
        {
            var name = upload.FileName;
            var maxSize = field.EffectiveMaxFileSizeBytes;
            if (upload.Length <= 0)
            {
                check.Fail("emptyFile", $"の「{name}」は空のファイルです。", $": \"{name}\" is empty.");
            }
            else if (upload.Length > maxSize)
            {
                check.Fail("fileTooLarge", $"の「{name}」は大きすぎます。1ファイル{Size(maxSize)}以下にしてください。", $": \"{name}\" is too large; each file must be at most {Size(maxSize)}.");
            }
            else if (upload.DetectedKind is not { } kind || !accept.Contains(kind, StringComparer.Ordinal))
            {
                check.Fail("fileTypeNotAllowed", $"の「{name}」は添付できない種類のファイルです。{kinds}のいずれかを添付してください。", $": \"{name}\" is not an allowed type of file; attach {kinds}.");
            }
            else if (!FileSniffer.IsConsistent(name, upload.DeclaredContentType, kind))
            {
                check.Fail("fileTypeMismatch", $"の「{name}」は、ファイル名や種類の表示と中身が一致しません（中身は{kind.ToUpperInvariant()}です）。", $": \"{name}\" — the declared type does not match the content (which is {kind.ToUpperInvariant()}).");
            }
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)}MB"),
        >= 1024 when bytes % 1024 == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024}KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes"),
    };

    /// <summary>Collects errors for one field and words them with its label, so every message says which field is meant.</summary>
    /// <param name="key">Where the answer sits in the raw form ("amount", "invoices[0].amount"); errors carry it.</param>
    /// <param name="prefix">Put before the label in messages, e.g. 「請求書（1行目）の」.</param>
    private sealed class Check(FieldDefinition field, List<FieldError> errors, string key, LocalizedText? prefix)
    {
        private readonly List<FieldError> _errors = errors;

        public FieldDefinition Field { get; } = field;

        public string Key { get; } = key;

        public List<FieldError> Errors => _errors;

        private string OwnLabelJa => Field.Label.Ja.Length > 0 ? Field.Label.Ja : Field.Id;

        private string LabelJa => (prefix?.Ja ?? "") + OwnLabelJa;

        private string LabelEn => (prefix?.En ?? prefix?.Ja ?? "") + (Field.Label.En is { Length: > 0 } en ? en : OwnLabelJa);

        /// <summary>
        /// An error found by the Japanese rules (which word their messages to follow a label); <paramref name="partName"/>
        /// is added to the label when the problem itself does not name the part.
        /// </summary>
        public JsonNode? FailAt(string key, FieldProblem problem, LocalizedText? partName)
        {
            var label = partName is null
                ? new LocalizedText(LabelJa, LabelEn)
                : new LocalizedText($"{LabelJa}（{partName.Ja}）", $"{LabelEn} ({partName.En ?? partName.Ja})");
            _errors.Add(new FieldError(key, problem.Code, problem.WithLabel(label)));
            return null;
        }

        /// <summary>An error on one part of a composite answer ("applicant.family"), worded with the part's name.</summary>
        public JsonNode? FailPart(string part, LocalizedText partName, string code, string ja, string en)
        {
            _errors.Add(new FieldError(Key + "." + part, code, new LocalizedText($"{LabelJa}（{partName.Ja}）{ja}", $"{LabelEn} ({partName.En ?? partName.Ja}){en}")));
            return null;
        }

        /// <summary>Adds an error whose text follows the label: ja 「{label}{ja}」, en "{label}{en}".</summary>
        public JsonNode? Fail(string code, string ja, string en) =>
            Fail(code, new LocalizedText(LabelJa + ja, LabelEn + en));

        public JsonNode? Fail(string code, LocalizedText message)
        {
            _errors.Add(new FieldError(Key, code, message));
            return null;
        }

        public void Required()
        {
            var verb = Field.Type switch
            {
                FieldType.Choice or FieldType.MultiChoice or FieldType.YesNo => "を選択してください。",
                FieldType.File => "を添付してください。",
                _ => "を入力してください。",
            };
            Fail("required", verb, " is required.");
        }

        /// <summary>The one message for a bad number, stating the whole rule: 「申請金額は1円以上3,000,000円以下の整数で入力してください。」</summary>
        public JsonNode? NumberFail(string code, bool integer)
        {
            var unitJa = Field.Unit?.Ja ?? "";
            var unitEn = Field.Unit?.En is { Length: > 0 } u ? " " + u : "";
            var (rangeJa, rangeEn) = (Field.Min, Field.Max) switch
            {
                ({ } min, { } max) => ($"{Number(min)}{unitJa}以上{Number(max)}{unitJa}以下の", $" from {Number(min)} to {Number(max)}{unitEn}"),
                ({ } min, null) => ($"{Number(min)}{unitJa}以上の", $" of at least {Number(min)}{unitEn}"),
                (null, { } max) => ($"{Number(max)}{unitJa}以下の", $" of at most {Number(max)}{unitEn}"),
                _ => ("", ""),
            };

            return integer
                ? Fail(code, $"は{rangeJa}整数で入力してください。", $" must be a whole number{rangeEn}.")
                : Fail(code, $"は{rangeJa}数値で入力してください。", $" must be a number{rangeEn}.");
        }

        private static string Number(decimal value) => value.ToString("#,##0.######", CultureInfo.InvariantCulture);
    }
}
