using Madoguchi.Documents.Rendering;
using Madoguchi.Documents.Seals;
using Madoguchi.Documents.Signing;
using Madoguchi.Documents.Templates;

namespace Madoguchi.Documents.Tests;

public class LayoutTests
{
    private static int RedPixels((int Width, int Height, byte[] Rgb) page, double xMm, double yMm, double sizeMm)
    {
        const double px = 72 / 25.4;
        var count = 0;
        for (var y = (int)(yMm * px); y < (int)((yMm + sizeMm) * px) && y < page.Height; y++)
        {
            for (var x = (int)(xMm * px); x < (int)((xMm + sizeMm) * px) && x < page.Width; x++)
            {
                var i = ((y * page.Width) + x) * 3;
                if (page.Rgb[i] > 170 && page.Rgb[i + 1] < 90 && page.Rgb[i + 2] < 100)
                {
                    count++;
                }
            }
        }

        return count;
    }

    [Fact]
    public void Official_seal_is_red_at_the_template_position_and_nowhere_else()
    {
        var notice = Samples.Notice();
        var slot = notice.OfficialSealSlot!;
        Assert.Equal(new SealSlot(1, 160, 40, 24), slot);
        var page = Poppler.RenderPage1(notice.Pdf);
        Assert.True(RedPixels(page, slot.X, slot.Y, slot.Size) > 150);
        Assert.Equal(0, RedPixels(page, 20, slot.Y, slot.Size));
        Assert.Equal(0, RedPixels(page, slot.X, slot.Y + 60, slot.Size));
    }

    [Fact]
    public async Task Approver_seals_appear_red_in_their_route_boxes_once_signed()
    {
        var decision = Samples.Decision();
        var slot = decision.ApproverSlots[1];
        Assert.Equal(0, RedPixels(Poppler.RenderPage1(decision.Pdf), slot.X, slot.Y, slot.Size));
        using var identity = SigningIdentity.CreateDevelopment("金沢市");
        var signed = await SigningTests.DecisionWithThreeApprovals(identity);
        var page = Poppler.RenderPage1(signed);
        Assert.All(decision.ApproverSlots, s => Assert.True(RedPixels(page, s.X, s.Y, s.Size) > 80));
    }

    [Fact]
    public async Task A_seal_whose_characters_are_nowhere_in_the_document_still_shows_with_its_own_font()
    {
        var notice = Samples.Notice();
        var slot = new SealSlot(1, 30, 230, 15);
        using var identity = SigningIdentity.CreateDevelopment("金沢市");
        var signed = await new PadesSigner().SignAsync(notice.Pdf, identity, SignatureAppearance.WithSeal(slot, SealLayout.Personal("渡邊")));
        var page = Poppler.RenderPage1(signed);
        var ring = RedPixels(page, slot.X, slot.Y, slot.Size);
        var inner = RedPixels(page, slot.X + 4, slot.Y + 3, slot.Size - 8);
        Assert.True(ring > 80);
        Assert.True(inner > 15, $"the characters inside the ring should be drawn, found {inner} red pixels");
        Assert.True(Verification.PdfSignatureVerifier.Verify(signed).AllValid);
    }

    [Fact]
    public async Task A_long_route_continues_on_page_two_and_its_seals_are_signed_there()
    {
        var names = new[] { "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田" };
        var data = Samples.Data() with { Route = [.. names.Select((n, i) => new RouteStep($"第{i + 1}決裁者", $"{n} 太郎", n))] };
        var decision = DocumentRenderer.Render(DocumentTemplate.BuiltIn("decision"), data);
        Assert.Equal(1, decision.ApproverSlots[0].Page);
        var last = decision.ApproverSlots[^1];
        Assert.Equal(2, last.Page);
        using var identity = SigningIdentity.CreateDevelopment("金沢市");
        var pdf = decision.Pdf;
        pdf = await new PadesSigner().SignAsync(pdf, identity, SignatureAppearance.WithSeal(decision.ApproverSlots[0], SealLayout.Personal("佐藤", 14), "令和8年4月2日"));
        pdf = await new PadesSigner().SignAsync(pdf, identity, SignatureAppearance.WithSeal(last, SealLayout.Personal("山田", 14), "令和8年4月3日"));
        Assert.Equal(["Signature is Valid.", "Signature is Valid."], SigningTests.PdfsigStatuses(pdf));
        var page2 = Poppler.RenderPage(pdf, 2);
        Assert.True(RedPixels(page2, last.X, last.Y, last.Size) > 80);
        var unsigned = decision.ApproverSlots[^2];
        Assert.Equal(0, RedPixels(page2, unsigned.X, unsigned.Y, unsigned.Size));
        var first = decision.ApproverSlots[0];
        Assert.True(RedPixels(Poppler.RenderPage(pdf, 1), first.X, first.Y, first.Size) > 80);
        var text = Poppler.Text(pdf);
        Assert.Matches(@"2\s*/\s*2", text);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(text, "決裁印・日付"));
    }

    [Fact]
    public void Personal_seal_writes_the_family_name_top_to_bottom_and_fits_the_circle()
    {
        var seal = SealLayout.Personal("佐々木", 15);
        Assert.Equal(["佐", "々", "木"], seal.Glyphs.Select(g => g.Text));
        Assert.True(seal.Glyphs[0].CenterY < seal.Glyphs[1].CenterY && seal.Glyphs[1].CenterY < seal.Glyphs[2].CenterY);
        Assert.All(seal.Glyphs, g => Assert.Equal(7.5, g.CenterX, 6));
        Assert.True(seal.Glyphs[0].CenterY - (seal.Glyphs[0].FontSize / 2) > seal.StrokeWidth);
        Assert.True(SealLayout.Personal("林").Glyphs[0].FontSize > seal.Glyphs[0].FontSize);
        Assert.Equal(4, SealLayout.Personal("勅使河原丸").Glyphs.Count);
    }

    [Fact]
    public void Official_seal_reads_top_to_bottom_then_right_to_left()
    {
        var seal = SealLayout.Official("金沢市長");
        Assert.Equal("金沢市長之印", string.Concat(seal.Glyphs.Select(g => g.Text)));
        var right = seal.Glyphs.Take(3).ToList();
        var left = seal.Glyphs.Skip(3).ToList();
        Assert.Equal((3, 3), (right.Count, left.Count));
        Assert.All(right, g => Assert.Equal(right[0].CenterX, g.CenterX, 6));
        Assert.All(left, g => Assert.True(g.CenterX < right[0].CenterX));
        Assert.True(right[0].CenterY < right[1].CenterY && right[1].CenterY < right[2].CenterY);
        Assert.Equal(right[0].CenterY, left[0].CenterY, 6);
        Assert.Equal("金沢市教育委員会之印".Length, SealLayout.Official("金沢市教育委員会印").Glyphs.Count + 1);
    }

    [Fact]
    public void Line_breaking_never_starts_a_line_with_closing_punctuation()
    {
        // Every character is 1 wide; lines hold 10.
        var text = "あいうえおかきくけこ。さしすせそたちつてと」なにぬねのはひふへ（ほ";
        var lines = LineBreaker.Break(text, s => s.Length, 10);
        Assert.Equal(text, string.Concat(lines));
        Assert.All(lines, l => Assert.True(l.Length <= 10));
        Assert.All(lines.Skip(1), l => Assert.DoesNotContain(l[0], LineBreaker.NotAtLineStart));
        Assert.All(lines, l => Assert.DoesNotContain(l[^1], LineBreaker.NotAtLineEnd));
        Assert.Equal("こ。さしすせそたち", lines[1][..9]);
    }

    [Fact]
    public void Long_text_flows_onto_numbered_pages()
    {
        var template = new DocumentTemplate
        {
            Id = "long",
            Title = new("長文"),
            Blocks = [.. Enumerable.Range(0, 60).Select(i => new TemplateBlock { Type = BlockType.Paragraph, Text = $"第{i}段落。申請者{{{{applicantName}}}}様の申請内容を確認しました。" })],
        };
        var pdf = DocumentRenderer.Render(template, Samples.Data()).Pdf;
        var text = Poppler.Text(pdf);
        Assert.Matches(@"1\s*/\s*2", text);
        Assert.Matches(@"2\s*/\s*2", text);
        Assert.Contains("第59段落。申請者髙橋 一郎様", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_placeholders_and_bad_filters_are_reported_with_path_and_ja_en_message()
    {
        var template = new DocumentTemplate
        {
            Id = "bad",
            Title = new("不正"),
            Blocks =
            [
                new TemplateBlock { Type = BlockType.Line, Text = "{{receiptNumber}}" },
                new TemplateBlock { Type = BlockType.Paragraph, Text = "{{applicantNmae}}様" },
                new TemplateBlock { Type = BlockType.Table, Rows = [new TemplateRow { Key = "金額", Value = "{{answers.amount|yenn}}" }] },
                new TemplateBlock { Type = BlockType.Line, Text = "{{answers.address|yen}}" },
            ],
        };
        var error = Assert.Throws<TemplateException>(() => DocumentRenderer.Render(template, Samples.Data()));
        Assert.Equal(["blocks[1].text", "blocks[2].rows[0].value", "blocks[3].text"], error.Problems.Select(p => p.Path));
        Assert.Contains("applicantNmae", error.Problems[0].Message.Ja, StringComparison.Ordinal);
        Assert.Equal("Unknown placeholder 'applicantNmae'.", error.Problems[0].Message.En);
        Assert.Contains("yenn", error.Problems[1].Message.En, StringComparison.Ordinal);
        Assert.Contains("not an amount", error.Problems[2].Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Seal_placement_off_the_page_missing_text_and_bad_json_are_template_problems()
    {
        var offPage = DocumentTemplate.BuiltIn("notice-grant") with { OfficialSeal = new SealPlacement { Page = 1, X = 200, Y = 40, Size = 24 } };
        var problem = Assert.Throws<TemplateException>(() => DocumentRenderer.Render(offPage, Samples.Data())).Problems.Single();
        Assert.Equal("officialSeal", problem.Path);
        Assert.Contains("A4", problem.Message.Ja, StringComparison.Ordinal);

        var noSuchPage = DocumentTemplate.BuiltIn("notice-grant") with { OfficialSeal = new SealPlacement { Page = 3, X = 150, Y = 40, Size = 24 } };
        Assert.Equal("officialSeal.page", Assert.Throws<TemplateException>(() => DocumentRenderer.Render(noSuchPage, Samples.Data())).Problems.Single().Path);

        var noText = new DocumentTemplate { Id = "t", Title = new("t"), Blocks = [new TemplateBlock { Type = BlockType.Heading }] };
        Assert.Equal("blocks[0].text", Assert.Throws<TemplateException>(() => DocumentRenderer.Render(noText, Samples.Data())).Problems.Single().Path);

        var badJson = Assert.Throws<TemplateException>(() => DocumentTemplate.FromJson("""{ "id": "x", "title": { "ja": "x" }, "blocks": [ { "type": "picture" } ] }"""));
        Assert.Contains("blocks[0]", badJson.Problems.Single().Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Placeholders_format_yen_and_dates()
    {
        var problems = new List<TemplateProblem>();
        var values = Samples.Data().Values();
        Assert.Equal("150,000円 / 令和8年4月1日 / 2026-04-01 / 2026年4月1日",
            Placeholders.Substitute("{{answers.amount|yen}} / {{today.wareki}} / {{today.iso}} / {{today.iso|date}}", values, "x", problems));
        Assert.Empty(problems);
        Assert.Equal("1,234,567円", Placeholders.Substitute("{{v|yen}}", new Dictionary<string, string> { ["v"] = "１２３４５６７" }, "x", problems));
        Assert.Equal("令和元年5月1日", Placeholders.Substitute("{{d|wareki}}", new Dictionary<string, string> { ["d"] = "2019-05-01" }, "x", problems));
        Assert.Empty(problems);
    }

    [Fact]
    public void Every_built_in_template_renders_with_its_title_and_the_applicant()
    {
        foreach (var id in DocumentTemplate.BuiltInIds)
        {
            var template = DocumentTemplate.BuiltIn(id);
            var text = Poppler.Text(DocumentRenderer.Render(template, Samples.Data(), SealImage.Generated(SealLayout.Official("金沢市長"))).Pdf);
            Assert.Contains(template.Title.Ja == "決裁文書" ? "起案書" : template.Title.Ja, text, StringComparison.Ordinal);
            Assert.Contains("髙橋", text, StringComparison.Ordinal);
        }

        var copy = Poppler.Text(DocumentRenderer.Render(DocumentTemplate.BuiltIn("applicant-copy"), Samples.Data()).Pdf);
        Assert.Contains("石川県金沢市広坂1丁目1番1号", copy, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_round_trips_through_json()
    {
        var template = DocumentTemplate.BuiltIn("notice-grant");
        var again = DocumentTemplate.FromJson(template.ToJson());
        Assert.Equal(template.Blocks.Count, again.Blocks.Count);
        Assert.Equal(template.OfficialSeal, again.OfficialSeal);
        Assert.Contains("\"officialSeal\"", template.ToJson(), StringComparison.Ordinal);
    }
}
