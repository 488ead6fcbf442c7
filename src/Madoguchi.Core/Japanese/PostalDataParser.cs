using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Japanese;

/// <summary>One thing wrong with a postal data file, with its line number (1-based), in Japanese and English.</summary>
public sealed record PostalDataProblem(int LineNumber, string Code, LocalizedText Message);

/// <summary>
/// The outcome of parsing a postal data file: an index only when the whole file was good (never a partial one),
/// else the problems (at most <see cref="PostalDataParser.MaxProblems"/>).
/// </summary>
public sealed record PostalDataParseResult(PostalCodeIndex? Index, IReadOnlyList<PostalDataProblem> Problems)
{
    public bool IsValid => Index is not null && Problems.Count == 0;
}

/// <summary>
/// Reads Japan Post's 住所の郵便番号 data (15 columns, documented in docs/japanese-fields.md): <c>KEN_ALL.CSV</c>
/// (Shift_JIS/CP932, 半角カナ readings, a long 町域名 split over consecutive rows) and the UTF-8 one-row-per-record
/// <c>utf_ken_all.csv</c> (全角カナ readings). Reads only the stream or reader it is given.
/// </summary>
public static class PostalDataParser
{
    /// <summary>Parsing stops after this many problems; the file is refused either way.</summary>
    public const int MaxProblems = 100;

    private const int _columns = 15;
    private const string _restOfMunicipality = "以下に掲載がない場合";
    private const string _numberFollows = "の次に番地がくる場合";

    private static readonly (string Ja, string En)[] _columnNames =
    [
        ("全国地方公共団体コード", "local government code"),
        ("旧郵便番号", "old postal code"),
        ("郵便番号", "postal code"),
        ("都道府県名カナ", "prefecture reading"),
        ("市区町村名カナ", "municipality reading"),
        ("町域名カナ", "town reading"),
        ("都道府県名", "prefecture"),
        ("市区町村名", "municipality"),
        ("町域名", "town"),
        ("一町域が二以上の郵便番号で表される場合の表示", "town-has-several-codes flag"),
        ("小字毎に番地が起番されている町域の表示", "numbered-per-koaza flag"),
        ("丁目を有する町域の場合の表示", "has-chome flag"),
        ("一つの郵便番号で二以上の町域を表す場合の表示", "code-has-several-towns flag"),
        ("更新の表示", "update status"),
        ("変更理由", "change reason"),
    ];

    private enum Format
    {
        KenAll,
        UtfKenAll,
    }

    /// <summary><c>KEN_ALL.CSV</c> as published: Shift_JIS (decoded as CP932, as Japan Post writes it).</summary>
    public static PostalDataParseResult ParseKenAll(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var encoding = CodePagesEncodingProvider.Instance.GetEncoding(932, EncoderFallback.ExceptionFallback, new DecoderReplacementFallback("\uFFFD"))
            ?? throw new InvalidOperationException("Windows-31J (code page 932) is not available.");
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        return Parse(reader, Format.KenAll);
    }

    /// <summary><c>KEN_ALL.CSV</c> already decoded to text.</summary>
    public static PostalDataParseResult ParseKenAll(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Parse(reader, Format.KenAll);
    }

    /// <summary><c>utf_ken_all.csv</c>: UTF-8, with or without a byte order mark.</summary>
    public static PostalDataParseResult ParseUtfKenAll(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        return Parse(reader, Format.UtfKenAll);
    }

    /// <summary><c>utf_ken_all.csv</c> already decoded to text.</summary>
    public static PostalDataParseResult ParseUtfKenAll(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Parse(reader, Format.UtfKenAll);
    }

    private static PostalDataParseResult Parse(TextReader reader, Format format)
    {
        var problems = new List<PostalDataProblem>();
        var byCode = new Dictionary<int, List<PostalAddress>>();
        var addressCount = 0;
        Row? pending = null;
        var lineNumber = 0;

        void Emit(Row row)
        {
            var address = row.ToAddress();
            var key = int.Parse(address.PostalCode, System.Globalization.CultureInfo.InvariantCulture);
            if (!byCode.TryGetValue(key, out var list))
            {
                byCode[key] = list = [];
            }

            list.Add(address);
            addressCount++;
        }

        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (problems.Count >= MaxProblems)
            {
                problems.Add(Problem(lineNumber, "tooManyProblems",
                    $"問題が{MaxProblems}件を超えたため、{lineNumber}行目で読み込みを中止しました。",
                    $"Stopped at line {lineNumber} after more than {MaxProblems} problems."));
                break;
            }

            if (lineNumber == 1 && line.StartsWith('\uFEFF'))
            {
                line = line[1..];
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (line.Contains('\uFFFD', StringComparison.Ordinal))
            {
                var (ja, en) = format == Format.KenAll ? ("Shift_JIS（CP932）", "Shift_JIS (CP932)") : ("UTF-8", "UTF-8");
                problems.Add(Problem(lineNumber, "undecodableLine", $"{lineNumber}行目：{ja}として読めない文字があります。", $"Line {lineNumber}: contains bytes that are not valid {en}."));
                continue;
            }

            var row = ReadRow(line, lineNumber, format, problems);
            if (row is null)
            {
                continue;
            }

            if (pending is not null)
            {
                if (row.PostalCode == pending.PostalCode && row.LocalGovernmentCode == pending.LocalGovernmentCode)
                {
                    pending.AppendContinuation(row);
                    if (Unclosed(pending.Town) <= 0)
                    {
                        Emit(pending);
                        pending = null;
                    }

                    continue;
                }

                problems.Add(UnclosedProblem(pending));
                pending = null;
            }

            if (format == Format.KenAll && Unclosed(row.Town) > 0)
            {
                pending = row;
                continue;
            }

            Emit(row);
        }

        if (pending is not null)
        {
            problems.Add(UnclosedProblem(pending));
        }

        if (problems.Count == 0 && addressCount == 0)
        {
            problems.Add(Problem(0, "noData", "ファイルに郵便番号のデータがありません。", "The file contains no postal code rows."));
        }

        if (problems.Count > 0)
        {
            return new PostalDataParseResult(null, problems);
        }

        var frozen = byCode.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToImmutableArray());
        return new PostalDataParseResult(new PostalCodeIndex(frozen, addressCount), problems);
    }

    private static Row? ReadRow(string line, int lineNumber, Format format, List<PostalDataProblem> problems)
    {
        var fields = SplitCsv(line);
        if (fields is null)
        {
            problems.Add(Problem(lineNumber, "malformedCsv",
                $"{lineNumber}行目：CSVの引用符（\"）の対応が正しくありません。",
                $"Line {lineNumber}: the CSV quoting (\") is malformed."));
            return null;
        }

        if (fields.Count != _columns)
        {
            problems.Add(Problem(lineNumber, "wrongColumnCount",
                $"{lineNumber}行目：列の数が{_columns}ではありません（{fields.Count}列）。",
                $"Line {lineNumber}: expected {_columns} columns, found {fields.Count}."));
            return null;
        }

        var before = problems.Count;
        Expect(fields, 0, lineNumber, problems, v => v.Length == 5 && v.All(char.IsAsciiDigit), "5桁の数字", "5 digits");
        Expect(fields, 1, lineNumber, problems, v => v.Trim().Length is >= 3 and <= 5 && v.Trim().All(char.IsAsciiDigit), "3〜5桁の数字", "3 to 5 digits");
        Expect(fields, 2, lineNumber, problems, v => v.Length == 7 && v.All(char.IsAsciiDigit), "7桁の数字", "7 digits");
        foreach (var column in new[] { 3, 4, 6, 7 })
        {
            Expect(fields, column, lineNumber, problems, v => v.Trim().Length > 0, "空でない値", "a non-empty value");
        }

        for (var column = 9; column <= 12; column++)
        {
            Expect(fields, column, lineNumber, problems, v => v is "0" or "1", "0か1", "0 or 1");
        }

        Expect(fields, 13, lineNumber, problems, v => v is "0" or "1" or "2", "0〜2", "0 to 2");
        Expect(fields, 14, lineNumber, problems, v => v.Length == 1 && v[0] is >= '0' and <= '6', "0〜6", "0 to 6");
        if (problems.Count > before)
        {
            return null;
        }

        var flags = PostalAddressFlags.None;
        if (fields[9] == "1")
        {
            flags |= PostalAddressFlags.TownHasSeveralCodes;
        }

        if (fields[10] == "1")
        {
            flags |= PostalAddressFlags.NumberedPerKoaza;
        }

        if (fields[11] == "1")
        {
            flags |= PostalAddressFlags.HasChome;
        }

        if (fields[12] == "1")
        {
            flags |= PostalAddressFlags.CodeHasSeveralTowns;
        }

        string Reading(string value) => format == Format.KenAll ? Kana.ToFullWidth(value.Trim()) : value.Trim();

        return new Row(lineNumber, fields[0], fields[2], fields[6].Trim(), fields[7].Trim(), fields[8].Trim(),
            Reading(fields[3]), Reading(fields[4]), Reading(fields[5]), flags, fields[13][0] - '0', fields[14][0] - '0');
    }

    private static void Expect(List<string> fields, int column, int lineNumber, List<PostalDataProblem> problems, Func<string, bool> isValid, string expectedJa, string expectedEn)
    {
        var value = fields[column];
        if (isValid(value))
        {
            return;
        }

        var (nameJa, nameEn) = _columnNames[column];
        var shown = value.Length > 20 ? value[..20] + "…" : value;
        problems.Add(Problem(lineNumber, "invalidColumn",
            $"{lineNumber}行目：{column + 1}列目（{nameJa}）は{expectedJa}でなければなりません（「{shown}」）。",
            $"Line {lineNumber}: column {column + 1} ({nameEn}) must be {expectedEn} (\"{shown}\")."));
    }

    /// <summary>Splits one CSV line: fields separated by commas, optionally in double quotes with "" for a quote; null when quoting is broken.</summary>
    private static List<string>? SplitCsv(string line)
    {
        var fields = new List<string>(_columns);
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        return null; // no closing quote
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(line[i++]);
                }

                if (i < line.Length && line[i] != ',')
                {
                    return null; // text after the closing quote
                }
            }
            else
            {
                var end = line.IndexOf(',', i);
                if (end < 0)
                {
                    end = line.Length;
                }

                var raw = line.AsSpan(i, end - i);
                if (raw.Contains('"'))
                {
                    return null;
                }

                field.Append(raw);
                i = end;
            }

            fields.Add(field.ToString());
            if (i >= line.Length)
            {
                return fields;
            }

            i++; // the comma
        }
    }

    /// <summary>How many parentheses (full- or half-width) are open at the end of <paramref name="town"/>.</summary>
    private static int Unclosed(string town) =>
        town.Count(c => c is '（' or '(') - town.Count(c => c is '）' or ')');

    private static PostalDataProblem UnclosedProblem(Row row) =>
        Problem(row.LineNumber, "unclosedTown",
            $"{row.LineNumber}行目：町域名「{row.Town}」の括弧が閉じられないまま、同じ郵便番号（{row.PostalCode}）の続きの行が終わっています。",
            $"Line {row.LineNumber}: the town name \"{row.Town}\" opens a parenthesis that no following row with the same postal code ({row.PostalCode}) closes.");

    private static PostalDataProblem Problem(int line, string code, string ja, string en) => new(line, code, new LocalizedText(ja, en));

    /// <summary>One row, mutable only while split 町域名 rows are being merged.</summary>
    private sealed class Row(
        int lineNumber, string localGovernmentCode, string postalCode, string prefecture, string city, string town,
        string prefectureKana, string cityKana, string townKana, PostalAddressFlags flags, int updateStatus, int changeReason)
    {
        private string _lastTownKana = townKana;

        public int LineNumber { get; } = lineNumber;

        public string LocalGovernmentCode { get; } = localGovernmentCode;

        public string PostalCode { get; } = postalCode;

        public string Town { get; private set; } = town;

        private string TownKana { get; set; } = townKana;

        /// <summary>
        /// Appends a continuation row. Its reading is appended too, unless it only repeats the previous row's reading
        /// (KEN_ALL splits the 町域名 at 38 characters and the reading at 76, so a continuation may carry no new reading).
        /// </summary>
        public void AppendContinuation(Row next)
        {
            Town += next.Town;
            if (next.TownKana != _lastTownKana)
            {
                TownKana += next.TownKana;
            }

            _lastTownKana = next.TownKana;
        }

        public PostalAddress ToAddress()
        {
            var special = Town == _restOfMunicipality || Town.EndsWith(_numberFollows, StringComparison.Ordinal);
            return new PostalAddress(LocalGovernmentCode, PostalCode, prefecture, city, special ? "" : Town,
                prefectureKana, cityKana, special ? "" : TownKana, flags)
            {
                UpdateStatus = updateStatus,
                ChangeReason = changeReason,
            };
        }
    }
}
