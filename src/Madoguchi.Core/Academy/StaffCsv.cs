using System.Text;
using System.Text.RegularExpressions;
using Madoguchi.Core.Japanese;
using Madoguchi.Core.Procedures;
using Madoguchi.Core.Import;

namespace Madoguchi.Core.Academy;

/// <summary>One staff member as imported (職員名簿).</summary>
public sealed record StaffRow(int Row, string EmployeeNumber, string Name, string? Department, string? Position, string TierId, string? Email);

/// <summary>One thing wrong with an imported file: the row (the header is row 1), the column, and why.</summary>
public sealed record ImportProblem(int Row, string Column, string Code, LocalizedText Message);

public sealed record StaffCsvResult(IReadOnlyList<StaffRow> Rows, IReadOnlyList<ImportProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Reads a staff list exported from a personnel system: CSV (RFC 4180 quoting, UTF-8 with or without BOM) with a header
/// row naming the columns in Japanese or English — 職員番号/employeeNumber, 氏名/name, 所属/department, 職位/position,
/// 階層/tier, メールアドレス/email. Every row is checked and every problem reported with its row and column; the caller
/// imports nothing unless there is none.
/// </summary>
public static partial class StaffCsv
{
    public const int MaxRows = 100_000;

    private static readonly Dictionary<string, string> Columns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["職員番号"] = "employeeNumber", ["employeeNumber"] = "employeeNumber",
        ["氏名"] = "name", ["name"] = "name",
        ["所属"] = "department", ["department"] = "department",
        ["職位"] = "position", ["position"] = "position",
        ["階層"] = "tier", ["tier"] = "tier",
        ["メールアドレス"] = "email", ["email"] = "email",
    };

    public static StaffCsvResult Read(string text, AcademyCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(catalog);
        var problems = new List<ImportProblem>();
        void Add(int row, string column, string code, string ja, string en) => problems.Add(new ImportProblem(row, column, code, new LocalizedText($"{row}行目「{column}」: {ja}", $"Row {row}, \"{column}\": {en}")));

        var records = Csv.Parse(text.TrimStart('\uFEFF'), out var csvProblem);
        if (csvProblem is { } broken)
        {
            return new StaffCsvResult([], [new ImportProblem(broken.Row, "", "malformedCsv", new LocalizedText($"{broken.Row}行目: CSVとして読めません（{broken.Ja}）。", $"Row {broken.Row}: not valid CSV ({broken.En})."))]);
        }

        if (records.Count == 0)
        {
            return new StaffCsvResult([], [new ImportProblem(1, "", "empty", new LocalizedText("ファイルが空です。1行目に見出しを入れてください。", "The file is empty; put the column names in row 1."))]);
        }

        var header = records[0].Select(h => h.Trim()).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            if (Columns.TryGetValue(header[i], out var key) && !index.ContainsKey(key))
            {
                index[key] = i;
            }
            else if (header[i].Length > 0)
            {
                Add(1, header[i], "unknownColumn", "この見出しは使えません（職員番号・氏名・所属・職位・階層・メールアドレス）。", "unknown column (employeeNumber, name, department, position, tier, email).");
            }
        }

        foreach (var required in new[] { ("employeeNumber", "職員番号"), ("name", "氏名"), ("tier", "階層") })
        {
            if (!index.ContainsKey(required.Item1))
            {
                Add(1, required.Item2, "missingColumn", "この列が必要です。", "this column is required.");
            }
        }

        if (problems.Any(p => p.Code == "missingColumn"))
        {
            return new StaffCsvResult([], problems);
        }

        if (records.Count - 1 > MaxRows)
        {
            return new StaffCsvResult([], [new ImportProblem(records.Count, "", "tooManyRows", new LocalizedText($"一度に取り込めるのは{MaxRows:N0}行までです。", $"At most {MaxRows:N0} rows can be imported at once."))]);
        }

        var rows = new List<StaffRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 1; r < records.Count; r++)
        {
            var rowNumber = r + 1;
            var record = records[r];
            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue; // a blank line, as spreadsheets leave at the end
            }

            string? Cell(string key) => index.TryGetValue(key, out var i) && i < record.Count && record[i].Normalize(NormalizationForm.FormKC).Trim() is { Length: > 0 } v ? v : null;
            string Label(string key) => header[index[key]];

            var number = Cell("employeeNumber");
            if (number is null)
            {
                Add(rowNumber, Label("employeeNumber"), "required", "職員番号を入れてください。", "give the employee number.");
            }
            else if (!EmployeeNumber().IsMatch(number))
            {
                Add(rowNumber, Label("employeeNumber"), "invalidEmployeeNumber", "職員番号は半角英数字とハイフン（20文字以内）にしてください。", "use letters, digits and hyphens (at most 20).");
            }
            else if (!seen.TryAdd(number, rowNumber))
            {
                Add(rowNumber, Label("employeeNumber"), "duplicate", $"{seen[number]}行目と同じ職員番号です。", $"the same employee number as row {seen[number]}.");
            }

            var name = index.TryGetValue("name", out var ni) && ni < record.Count ? record[ni].Trim() : "";
            if (name.Length == 0)
            {
                Add(rowNumber, Label("name"), "required", "氏名を入れてください。", "give the name.");
            }
            else if (name.Length > 100)
            {
                Add(rowNumber, Label("name"), "tooLong", "氏名は100文字以内にしてください。", "at most 100 characters.");
            }

            var tier = Cell("tier");
            if (tier is null)
            {
                Add(rowNumber, Label("tier"), "required", "階層を入れてください。", "give the tier.");
            }
            else if (catalog.Tiers.FirstOrDefault(t => t.Id == tier || t.Name.Ja == tier || t.Name.En == tier) is { } found)
            {
                tier = found.Id;
            }
            else
            {
                Add(rowNumber, Label("tier"), "unknownTier", $"階層「{tier}」は育成計画にありません（{string.Join("・", catalog.Tiers.Select(t => t.Name.Ja))}）。", $"there is no tier \"{tier}\" in the programme ({string.Join(", ", catalog.Tiers.Select(t => t.Name.En ?? t.Id))}).");
            }

            var email = Cell("email");
            if (email is not null && !EmailAddress.IsValid(email))
            {
                Add(rowNumber, Label("email"), "invalidEmail", "メールアドレスの形が正しくありません。", "not a valid e-mail address.");
            }

            var department = Cell("department");
            var position = Cell("position");
            if (department is { Length: > 64 } || position is { Length: > 100 })
            {
                Add(rowNumber, Label(department is { Length: > 64 } ? "department" : "position"), "tooLong", "長すぎます（所属は64文字、職位は100文字まで）。", "too long (department 64, position 100 characters).");
            }

            if (number is not null && tier is not null && name.Length is > 0 and <= 100)
            {
                rows.Add(new StaffRow(rowNumber, number, name, department, position, tier, email));
            }
        }

        return new StaffCsvResult(problems.Count == 0 ? rows : [], problems);
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex EmployeeNumber();
}
