using System.Globalization;
using System.Text;
using Madoguchi.Core.Japanese;
using Madoguchi.Core.Tests.Procedures;

namespace Madoguchi.Core.Tests.Japanese;

public sealed class PostalSampleTests
{
    [Fact]
    public void Sample_maps_498_0000_to_two_prefectures()
    {
        var addresses = PostalCodeIndex.Sample.Find("498-0000");

        Assert.Equal(2, addresses.Length);
        Assert.Equal(("愛知県", "弥富市", "", "アイチケン", "ヤトミシ"), (addresses[0].Prefecture, addresses[0].City, addresses[0].Town, addresses[0].PrefectureKana, addresses[0].CityKana));
        Assert.Equal(("三重県", "桑名郡木曽岬町", "", "クワナグンキソサキチョウ"), (addresses[1].Prefecture, addresses[1].City, addresses[1].Town, addresses[1].CityKana));
        Assert.All(addresses, a => Assert.True(a.Flags.HasFlag(PostalAddressFlags.CodeHasSeveralTowns)));
        Assert.All(addresses, a => Assert.Equal("", a.TownKana)); // 以下に掲載がない場合
    }

    [Theory]
    [InlineData("1000005")]
    [InlineData("100-0005")]
    [InlineData("〒１００－０００５")]
    public void Sample_finds_marunouchi_however_the_code_is_written(string code)
    {
        var address = Assert.Single(PostalCodeIndex.Sample.Find(code));
        Assert.Equal("13101", address.LocalGovernmentCode);
        Assert.Equal("東京都千代田区丸の内（次のビルを除く）", address.Prefecture + address.City + address.Town);
        Assert.Equal("丸の内", address.TownWithoutNote);
        Assert.Equal("マルノウチ（ツギノビルヲノゾク）", address.TownKana);
        Assert.Equal("100-0005", address.FormattedPostalCode);
        Assert.True(address.Flags.HasFlag(PostalAddressFlags.HasChome));
    }

    [Fact]
    public void Sample_has_codes_with_several_towns()
    {
        var yanaizu = PostalCodeIndex.Sample.Find("501-6121");
        Assert.Equal(6, yanaizu.Length);
        Assert.Equal("柳津町上佐波", yanaizu[0].Town);
        Assert.All(yanaizu, a => Assert.Equal("岐阜県岐阜市", a.Prefecture + a.City));

        Assert.Equal(["稲元", "稲元町"], PostalCodeIndex.Sample.Find("4980045").Select(a => a.Town));
        Assert.Equal("千代田", Assert.Single(PostalCodeIndex.Sample.Find("1000001")).Town);
    }

    [Fact]
    public void Sample_shows_a_town_with_several_codes()
    {
        var first = Assert.Single(PostalCodeIndex.Sample.Find("1000003"));
        var second = Assert.Single(PostalCodeIndex.Sample.Find("1010003"));
        Assert.Equal(("一ツ橋（１丁目）", "一ツ橋（２丁目）"), (first.Town, second.Town));
        Assert.Equal("一ツ橋", first.TownWithoutNote);
        Assert.True(first.Flags.HasFlag(PostalAddressFlags.TownHasSeveralCodes));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("9999999")]
    [InlineData("100-000")]
    [InlineData("A7E-2FK2")]
    public void Unknown_or_malformed_codes_find_nothing(string? code)
    {
        Assert.Empty(PostalCodeIndex.Sample.Find(code));
        Assert.False(PostalCodeIndex.Sample.Contains(code));
        Assert.Empty(PostalCodeIndex.Empty.Find(code ?? "1000001"));
    }

    [Fact]
    public void Sample_file_in_the_repository_is_the_embedded_one_and_well_formed()
    {
        var path = RepositoryFiles.PathOf("src", "Madoguchi.Core", "Japanese", "Data", "postal-sample.csv");
        using var stream = File.OpenRead(path);
        var result = PostalDataParser.ParseUtfKenAll(stream);

        Assert.True(result.IsValid);
        Assert.Equal(PostalCodeIndex.Sample.AddressCount, result.Index!.AddressCount);
        Assert.Equal(PostalCodeIndex.Sample.CodeCount, result.Index.CodeCount);
        Assert.InRange(result.Index.AddressCount, 20, 60);

        foreach (var line in File.ReadLines(path))
        {
            var reading = line.Split(',')[5].Trim('"');
            Assert.True(reading.Length == 0 || reading.All(c => c is (>= 'ァ' and <= 'ヶ') or 'ー' or '（' or '）' or (>= '０' and <= '９')), reading);
        }
    }
}

public sealed class PostalDataParserTests
{
    // Rows of the 千代田区 part of KEN_ALL.CSV as published (Shift_JIS, half-width readings).
    private const string _kenAllRows =
        "13101,\"100  \",\"1000000\",\"ﾄｳｷｮｳﾄ\",\"ﾁﾖﾀﾞｸ\",\"ｲｶﾆｹｲｻｲｶﾞﾅｲﾊﾞｱｲ\",\"東京都\",\"千代田区\",\"以下に掲載がない場合\",0,0,0,0,0,0\r\n" +
        "13101,\"100  \",\"1000005\",\"ﾄｳｷｮｳﾄ\",\"ﾁﾖﾀﾞｸ\",\"ﾏﾙﾉｳﾁ(ﾂｷﾞﾉﾋﾞﾙｦﾉｿﾞｸ)\",\"東京都\",\"千代田区\",\"丸の内（次のビルを除く）\",0,0,1,0,0,0\r\n";

    // Invented rows in the published shape, to exercise a 町域名 split over three rows (the reading over two).
    private const string _splitRows =
        "01999,\"999  \",\"9999901\",\"ﾎｯｶｲﾄﾞｳ\",\"ﾃｽﾄｼ\",\"ﾃｽﾄﾁｮｳ(1-3ﾊﾞﾝﾁ､\",\"北海道\",\"テスト市\",\"テスト町（１～３番地、\",1,0,0,0,0,0\r\n" +
        "01999,\"999  \",\"9999901\",\"ﾎｯｶｲﾄﾞｳ\",\"ﾃｽﾄｼ\",\"10ﾊﾞﾝﾁ)\",\"北海道\",\"テスト市\",\"１０番地、\",1,0,0,0,0,0\r\n" +
        "01999,\"999  \",\"9999901\",\"ﾎｯｶｲﾄﾞｳ\",\"ﾃｽﾄｼ\",\"10ﾊﾞﾝﾁ)\",\"北海道\",\"テスト市\",\"２０番地）\",1,0,0,0,0,0\r\n" +
        "01999,\"999  \",\"9999902\",\"ﾎｯｶｲﾄﾞｳ\",\"ﾃｽﾄｼ\",\"ﾂｷﾞﾉﾁｮｳ\",\"北海道\",\"テスト市\",\"次の町\",0,0,0,0,0,0\r\n";

    private static readonly Encoding _cp932 = CodePagesEncodingProvider.Instance.GetEncoding(932)!;

    [Fact]
    public void ParseKenAll_reads_shift_jis_and_widens_readings()
    {
        var result = PostalDataParser.ParseKenAll(new MemoryStream(_cp932.GetBytes(_kenAllRows)));

        Assert.True(result.IsValid);
        Assert.Equal(2, result.Index!.AddressCount);
        var rest = Assert.Single(result.Index.Find("1000000"));
        Assert.Equal(("", "", "トウキョウト", "チヨダク"), (rest.Town, rest.TownKana, rest.PrefectureKana, rest.CityKana));
        var marunouchi = Assert.Single(result.Index.Find("1000005"));
        Assert.Equal("マルノウチ（ツギノビルヲノゾク）", marunouchi.TownKana);
        Assert.Equal(PostalAddressFlags.HasChome, marunouchi.Flags);
    }

    [Fact]
    public void ParseKenAll_merges_a_town_name_split_over_rows()
    {
        var result = PostalDataParser.ParseKenAll(new StringReader(_splitRows));

        Assert.True(result.IsValid, string.Join(" / ", result.Problems.Select(p => p.Message.En)));
        Assert.Equal(2, result.Index!.AddressCount);
        var merged = Assert.Single(result.Index.Find("9999901"));
        Assert.Equal("テスト町（１～３番地、１０番地、２０番地）", merged.Town);
        Assert.Equal("テストチョウ（１－３バンチ、１０バンチ）", merged.TownKana); // the repeated reading is not appended twice
        Assert.Equal("テスト町", merged.TownWithoutNote);
        Assert.Equal("次の町", Assert.Single(result.Index.Find("9999902")).Town);
    }

    [Fact]
    public void ParseUtfKenAll_does_not_merge_rows()
    {
        var utf = "01999,\"999  \",\"9999901\",\"ホッカイドウ\",\"テストシ\",\"テストチョウ（\",\"北海道\",\"テスト市\",\"テスト町（\",0,0,0,0,0,0\n";
        var result = PostalDataParser.ParseUtfKenAll(new StringReader(utf));
        Assert.True(result.IsValid);
        Assert.Equal("テスト町（", Assert.Single(result.Index!.Find("9999901")).Town);
    }

    [Fact]
    public void ParseUtfKenAll_accepts_a_byte_order_mark_crlf_and_unquoted_fields()
    {
        var text = "\uFEFF13101,100,1000001,トウキョウト,チヨダク,チヨダ,東京都,千代田区,千代田,0,0,0,0,0,0\r\n\r\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        var result = PostalDataParser.ParseUtfKenAll(new MemoryStream(bytes));
        Assert.True(result.IsValid);
        Assert.Equal("千代田", Assert.Single(result.Index!.Find("100-0001")).Town);

        var fromReader = PostalDataParser.ParseUtfKenAll(new StringReader(text));
        Assert.True(fromReader.IsValid);
    }

    [Fact]
    public void Quoted_fields_may_contain_commas_and_quotes()
    {
        var text = "13101,\"100\",\"1000001\",\"トウキョウト\",\"チヨダク\",\"チヨダ\",\"東京都\",\"千代田区\",\"千代田（１、\"\"２\"\"）\",0,0,0,0,0,0";
        var result = PostalDataParser.ParseUtfKenAll(new StringReader(text));
        Assert.Equal("千代田（１、\"２\"）", Assert.Single(result.Index!.Find("1000001")).Town);
    }

    [Theory]
    [InlineData("13101,\"100\",\"1000001\",\"ﾄｳｷｮｳﾄ\",\"ﾁﾖﾀﾞｸ\",\"ﾁﾖﾀﾞ\",\"東京都\",\"千代田区\",\"千代田\",0,0,0,0,0", "wrongColumnCount")]
    [InlineData("13101,\"100\",\"100001\",\"ﾄｳｷｮｳﾄ\",\"ﾁﾖﾀﾞｸ\",\"ﾁﾖﾀﾞ\",\"東京都\",\"千代田区\",\"千代田\",0,0,0,0,0,0", "invalidColumn")]
    [InlineData("1310,\"100\",\"1000001\",\"ﾄｳｷｮｳﾄ\",\"ﾁﾖﾀﾞｸ\",\"ﾁﾖﾀﾞ\",\"東京都\",\"千代田区\",\"千代田\",0,0,0,0,0,0", "invalidColumn")]
    [InlineData("13101,\"100\",\"1000001\",\"ﾄｳｷｮｳﾄ\",\"ﾁﾖﾀﾞｸ\",\"ﾁﾖﾀﾞ\",\"\",\"千代田区\",\"千代田\",0,0,0,0,0,0", "invalidColumn")]
    [InlineData("13101,\"100\",\"1000001\",\"ﾄｳｷｮｳﾄ\",\"ﾁﾖﾀﾞｸ\",\"ﾁﾖﾀﾞ\",\"東京都\",\"千代田区\",\"千代田\",2,0,0,0,0,0", "invalidColumn")]
    [InlineData("13101,\"100\",\"1000001\",\"ﾄｳｷｮｳﾄ\",\"ﾁﾖﾀﾞｸ\",\"ﾁﾖﾀﾞ\",\"東京都\",\"千代田区\",\"千代田\",0,0,0,0,3,7", "invalidColumn")]
    [InlineData("13101,\"100\",\"1000001\",\"ﾄｳｷｮｳﾄ\",\"ﾁﾖﾀﾞｸ\",\"ﾁﾖﾀﾞ\",\"東京都\",\"千代田区\",\"千代田,0,0,0,0,0,0", "malformedCsv")]
    [InlineData("13101,\"100\",\"1000001\",\"ﾄｳｷｮｳﾄ\"x,\"ﾁﾖﾀﾞｸ\",\"ﾁﾖﾀﾞ\",\"東京都\",\"千代田区\",\"千代田\",0,0,0,0,0,0", "malformedCsv")]
    [InlineData("13101,\"100\",1000\"001,\"ﾄｳｷｮｳﾄ\",\"ﾁﾖﾀﾞｸ\",\"ﾁﾖﾀﾞ\",\"東京都\",\"千代田区\",\"千代田\",0,0,0,0,0,0", "malformedCsv")]
    public void Malformed_rows_are_reported_with_their_line_number_and_nothing_is_built(string badRow, string code)
    {
        var text = _kenAllRows + badRow + "\r\n" + _kenAllRows;
        var result = PostalDataParser.ParseKenAll(new StringReader(text));

        Assert.Null(result.Index);
        Assert.False(result.IsValid);
        var problem = result.Problems[0];
        Assert.Equal(code, problem.Code);
        Assert.Equal(3, problem.LineNumber);
        Assert.StartsWith("3行目：", problem.Message.Ja, StringComparison.Ordinal);
        Assert.StartsWith("Line 3: ", problem.Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_column_messages_name_the_column()
    {
        var row = "13101,\"100\",\"100001\",\"ﾄｳｷｮｳﾄ\",\"ﾁﾖﾀﾞｸ\",\"ﾁﾖﾀﾞ\",\"東京都\",\"千代田区\",\"千代田\",0,0,0,0,0,0";
        var problem = Assert.Single(PostalDataParser.ParseKenAll(new StringReader(row)).Problems);
        Assert.Equal("1行目：3列目（郵便番号）は7桁の数字でなければなりません（「100001」）。", problem.Message.Ja);
        Assert.Equal("Line 1: column 3 (postal code) must be 7 digits (\"100001\").", problem.Message.En);
    }

    [Fact]
    public void A_split_town_that_never_closes_is_reported_at_its_first_line()
    {
        var lines = _splitRows.Split("\r\n");
        var truncated = string.Join("\r\n", lines[0], lines[3]); // the continuation rows are missing

        var result = PostalDataParser.ParseKenAll(new StringReader(truncated));
        var problem = Assert.Single(result.Problems);
        Assert.Equal(("unclosedTown", 1), (problem.Code, problem.LineNumber));
        Assert.Contains("9999901", problem.Message.En, StringComparison.Ordinal);
        Assert.Null(result.Index);

        var atEnd = PostalDataParser.ParseKenAll(new StringReader(lines[0]));
        Assert.Equal(("unclosedTown", 1), (atEnd.Problems[0].Code, atEnd.Problems[0].LineNumber));
    }

    [Fact]
    public void Bytes_that_are_not_shift_jis_are_reported()
    {
        var bytes = _cp932.GetBytes(_kenAllRows).Concat(new byte[] { 0x31, 0x2C, 0x85, 0x40, 0x0D, 0x0A }).ToArray(); // 0x8540 is unassigned
        var problem = Assert.Single(PostalDataParser.ParseKenAll(new MemoryStream(bytes)).Problems);
        Assert.Equal(("undecodableLine", 3), (problem.Code, problem.LineNumber));
        Assert.Equal("3行目：Shift_JIS（CP932）として読めない文字があります。", problem.Message.Ja);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_reported()
    {
        var bytes = Encoding.UTF8.GetBytes("13101,\"100\",\"1000001\",\"トウキョウト\",\"チヨダク\",\"チヨダ\",\"東京都\",\"千代田区\",\"千代田\",0,0,0,0,0,0\n")
            .Concat(new byte[] { 0xFF, 0xFE, 0x0A }).ToArray();
        var problem = Assert.Single(PostalDataParser.ParseUtfKenAll(new MemoryStream(bytes)).Problems);
        Assert.Equal(("undecodableLine", 2), (problem.Code, problem.LineNumber));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    public void An_empty_file_is_refused(string text)
    {
        var problem = Assert.Single(PostalDataParser.ParseUtfKenAll(new StringReader(text)).Problems);
        Assert.Equal(("noData", 0), (problem.Code, problem.LineNumber));
    }

    [Fact]
    public void Parsing_stops_after_too_many_problems()
    {
        var text = string.Concat(Enumerable.Repeat("broken\n", 500));
        var result = PostalDataParser.ParseUtfKenAll(new StringReader(text));
        Assert.Equal(PostalDataParser.MaxProblems + 1, result.Problems.Count);
        Assert.Equal("tooManyProblems", result.Problems[^1].Code);
        Assert.Equal(PostalDataParser.MaxProblems + 1, result.Problems[^1].LineNumber);
    }

    [Fact]
    public void A_full_size_file_parses_into_a_fast_lookup()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 130_000; i++)
        {
            var code = (1_000_000 + (i / 2)).ToString(CultureInfo.InvariantCulture); // two towns per code
            builder.Append(CultureInfo.InvariantCulture, $"13101,\"100  \",\"{code}\",\"ﾄｳｷｮｳﾄ\",\"ﾁﾖﾀﾞｸ\",\"ﾁｮｳ{i}\",\"東京都\",\"千代田区\",\"町{i}\",0,0,0,1,0,0\r\n");
        }

        var bytes = _cp932.GetBytes(builder.ToString());
        var result = PostalDataParser.ParseKenAll(new MemoryStream(bytes));

        Assert.True(result.IsValid);
        Assert.Equal(65_000, result.Index!.CodeCount);
        Assert.Equal(130_000, result.Index.AddressCount);
        Assert.Equal(["町20", "町21"], result.Index.Find("1000010").Select(a => a.Town));
        Assert.Equal("チョウ２１", result.Index.Find("100-0010")[1].TownKana);
    }
}
