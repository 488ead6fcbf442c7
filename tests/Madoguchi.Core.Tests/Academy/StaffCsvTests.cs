using Madoguchi.Core.Academy;
using Madoguchi.Core.Tests.Procedures;

namespace Madoguchi.Core.Tests.Academy;

/// <summary>Staff lists from personnel systems: every row checked, every problem with its row and column.</summary>
public sealed class StaffCsvTests
{
    private static readonly AcademyCatalog Catalog = AcademyCatalogReader.Read(File.ReadAllText(RepositoryFiles.PathOf("samples", "academy", "programme.json"))).Catalog!;

    [Fact]
    public void A_valid_list_reads_with_japanese_headers_quotes_and_tier_names()
    {
        var csv = "\uFEFF職員番号,氏名,所属,職位,階層,メールアドレス\r\n"
            + "A-0001,髙橋 太郎,shimin,主任,全職員,taro@city.example.jp\r\n"
            + "A-0002,\"山田, 花子\",fukushi,\"係長\"\"代理\"\"\",デジタル推進リーダー,\r\n"
            + "Ａ-0003,佐藤 次郎,,,advisor,\r\n"
            + ",,,,,\r\n";
        var result = StaffCsv.Read(csv, Catalog);

        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => p.Message.Ja)));
        Assert.Equal(["A-0001", "A-0002", "A-0003"], result.Rows.Select(r => r.EmployeeNumber)); // full-width Ａ normalised
        Assert.Equal("山田, 花子", result.Rows[1].Name);
        Assert.Equal("係長\"代理\"", result.Rows[1].Position);
        Assert.Equal(["all-staff", "leader", "advisor"], result.Rows.Select(r => r.TierId));
        Assert.Null(result.Rows[1].Email);
    }

    [Fact]
    public void Every_problem_has_its_row_and_column_and_no_row_is_taken()
    {
        var csv = "employeeNumber,name,tier,email,colour\n"
            + "A-0001,髙橋 太郎,all-staff,taro@city.example.jp,red\n"
            + "A-0001,山田 花子,leader,not-an-address,\n"
            + "A 0003,,mayor,,\n";
        var result = StaffCsv.Read(csv, Catalog);

        Assert.False(result.IsValid);
        Assert.Empty(result.Rows);
        var found = result.Problems.Select(p => (p.Row, p.Column, p.Code)).ToList();
        Assert.Contains((1, "colour", "unknownColumn"), found);
        Assert.Contains((3, "employeeNumber", "duplicate"), found);
        Assert.Contains((3, "email", "invalidEmail"), found);
        Assert.Contains((4, "employeeNumber", "invalidEmployeeNumber"), found);
        Assert.Contains((4, "name", "required"), found);
        Assert.Contains((4, "tier", "unknownTier"), found);
        Assert.Equal(5, result.Problems.Count(p => p.Row > 1));
        Assert.All(result.Problems.Where(p => p.Row > 1), p => Assert.StartsWith($"{p.Row}行目", p.Message.Ja, StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_column_or_a_broken_quote_is_reported_before_any_row()
    {
        Assert.Equal("missingColumn", Assert.Single(StaffCsv.Read("職員番号,氏名\nA-1,山田\n", Catalog).Problems).Code);
        var broken = StaffCsv.Read("職員番号,氏名,階層\nA-1,\"山田,全職員\n", Catalog);
        var problem = Assert.Single(broken.Problems);
        Assert.Equal(("malformedCsv", 2), (problem.Code, problem.Row));
    }
}
