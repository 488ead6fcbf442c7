using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

/// <summary>
/// A member of staff builds a procedure only through the designer (mouse, keyboard and drag and drop), publishes it,
/// and an applicant opens it in the portal.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class DesignerTests(MadoguchiServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task Staff_build_and_publish_a_procedure_in_the_designer_and_applicants_see_its_fields()
    {
        var tag = Samples.NewTag().ToLowerInvariant();
        var slug = $"designed-{tag}";
        var title = $"デザイナーで作った手続 {tag}";
        await using var staff = await server.NewContextAsync();
        var page = await staff.NewPageAsync();

        // Tall enough that the outline never scrolls during a drag (a scrolling source would change what is dragged).
        await page.SetViewportSizeAsync(1600, 1400);
        await BackOffice.LogInAsync(page, server);

        // A new, blank procedure.
        await page.Locator("#designer-new").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/staff/designer/new$"));
        await page.Locator("#new-title").FillAsync(title);
        await page.Locator("#new-slug").FillAsync(slug);
        await page.Locator("#new-department").FillAsync("市民課");
        await page.Locator("#new-create").ClickAsync();
        await Expect(page).ToHaveURLAsync(DesignerUrl());
        var tree = page.Locator("#designer-tree");
        await Expect(tree).ToBeVisibleAsync();

        // Page 1 is selected at first: give it a title.
        await Commit(page.Locator("#prop-pageTitle-ja"), "申請者");
        await Expect(Node(page, "0")).ToContainTextAsync("申請者");

        // Fields from the palette; each new one is selected with its label field focused.
        await AddAsync(page, "1行テキスト", "申請者の氏名");
        var nameId = await page.Locator("#prop-id").InputValueAsync();
        await AddAsync(page, "和暦日付", "生年月日");
        await Expect(page.Locator("#prop-display")).ToHaveValueAsync("wareki");
        var dateId = await page.Locator("#prop-id").InputValueAsync();
        await AddAsync(page, "はい/いいえ", "連絡先を登録する");
        var wantsContactId = await page.Locator("#prop-id").InputValueAsync();

        // A conditional section: shown only to applicants who answer はい, with a required phone inside.
        await AddAsync(page, "セクション", "連絡先");
        await Commit(page.Locator("#prop-visibleWhen"), $"{wantsContactId} = true");
        await AddAsync(page, "電話", "電話番号");
        await page.Locator("#prop-required").CheckAsync();
        var phoneId = await page.Locator("#prop-id").InputValueAsync();
        await Expect(Node(page, "0.3.0")).ToContainTextAsync("電話番号");

        // Keyboard: Alt+← takes the phone out of the section, Alt+→ puts it back in; the moves are announced.
        await Node(page, "0.3.0").FocusAsync();
        await page.Keyboard.PressAsync("Alt+ArrowLeft");
        await Expect(Node(page, "0.4")).ToContainTextAsync("電話番号");
        await Expect(page.Locator("#designer-live")).ToContainTextAsync("「電話番号」を5番目に移動しました");
        await Expect(Node(page, "0.4")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Alt+ArrowRight");
        await Expect(Node(page, "0.3.0")).ToContainTextAsync("電話番号");
        await Expect(page.Locator("#designer-live")).ToContainTextAsync("「電話番号」を「連絡先」の中の1番目に移動しました");

        // Arrow keys walk the tree (selection follows focus); ← and → close and open a group.
        await page.Keyboard.PressAsync("ArrowUp");
        await Expect(Node(page, "0.3")).ToBeFocusedAsync();
        await Expect(Node(page, "0.3")).ToHaveAttributeAsync("aria-selected", "true");
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(Node(page, "0.3")).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(Node(page, "0.3.0")).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(Node(page, "0.3.0")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(Node(page, "0.3.0")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.Locator("#prop-label-ja")).ToHaveValueAsync("電話番号");

        // The buttons do the same: 上へ moves the date above the name.
        await Node(page, "0.1").Locator(".node-row").ClickAsync();
        await page.Locator("#node-up").ClickAsync();
        await Expect(Node(page, "0.0")).ToContainTextAsync("生年月日");
        await page.Locator("#node-down").ClickAsync();
        await Expect(Node(page, "0.1")).ToContainTextAsync("生年月日");

        // Page 2 with a repeat group holding an integer column.
        await page.Locator("#node-add-page").ClickAsync();
        await Expect(page.Locator("#prop-pageTitle-ja")).ToBeFocusedAsync();
        await Commit(page.Locator("#prop-pageTitle-ja"), "明細");
        await AddAsync(page, "繰り返し", "明細行");
        var repeatId = await page.Locator("#prop-id").InputValueAsync();
        await AddAsync(page, "整数", "金額");
        await Expect(Node(page, "1.0.0")).ToContainTextAsync("金額");
        var amountId = await page.Locator("#prop-id").InputValueAsync();

        // A calculated total after the group (page selected → added at the end of the page).
        await Node(page, "1").Locator(":scope > .node-row").ClickAsync();
        await AddAsync(page, "整数", "合計");
        await Expect(Node(page, "1.1")).ToContainTextAsync("合計");
        var totalId = await page.Locator("#prop-id").InputValueAsync();
        var calculate = page.Locator("#prop-calculate");
        await Commit(calculate, $"sum({repeatId}.{amountId}");
        await Expect(page.Locator("#designer-properties .prop-error")).ToContainTextAsync("閉じる「)」がありません");
        await Expect(Node(page, "1.1").Locator(".badge")).ToHaveTextAsync(new Regex("1"));
        await Expect(page.Locator("#designer-problems")).ToHaveTextAsync(new Regex("エラー 1件"));
        await Commit(calculate, $"sum({repeatId}.{amountId})");
        await Expect(page.Locator("#designer-problems")).ToHaveTextAsync("エラーはありません");

        // Undo and redo from the keyboard: delete a paragraph, bring it back, delete it again.
        await AddAsync(page, "説明文", null);
        await Expect(Node(page, "1.2")).ToBeVisibleAsync();
        await Node(page, "1.2").FocusAsync();
        await page.Keyboard.PressAsync("Delete");
        await Expect(Node(page, "1.2")).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Control+z");
        await Expect(Node(page, "1.2")).ToHaveCountAsync(1);
        await page.Locator("#designer-redo").ClickAsync();
        await Expect(Node(page, "1.2")).ToHaveCountAsync(0);

        // Drag and drop: the palette's 見出し onto the top of page 2.
        await page.GetByRole(AriaRole.Button, new() { Name = "見出し", Exact = true }).DragToAsync(
            Node(page, "1").Locator(":scope > .node-row"), new() { TargetPosition = new() { X = 20, Y = 2 } });
        await Expect(Node(page, "1.0")).ToContainTextAsync("見出し");

        // The preview is the portal's own page: page 2 in a phone-wide frame, then in English.
        await Node(page, "1.2").Locator(".node-row").ClickAsync();
        var preview = page.FrameLocator("#designer-preview");
        await Expect(preview.Locator("h1")).ToHaveTextAsync("明細");
        await Expect(preview.Locator("label[for=f-" + repeatId + "], legend").First).ToContainTextAsync("明細行");
        await Expect(preview.Locator("main")).ToContainTextAsync("合計");
        var box = await page.Locator("#designer-preview").BoundingBoxAsync();
        Assert.Equal(375, box!.Width, 1.0);
        await page.Locator("#preview-en").ClickAsync();
        await Expect(preview.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(preview.Locator("button[value=next]")).ToHaveTextAsync("Continue to check your answers");
        await page.Locator("#preview-desktop").ClickAsync();
        await Expect(page.Locator("#preview-desktop")).ToHaveAttributeAsync("aria-pressed", "true");
        var frame = await (await page.Locator("#designer-preview").ElementHandleAsync()).ContentFrameAsync();
        await Expect(page.Locator(".preview-frame.desktop")).ToBeVisibleAsync();
        var layoutWidth = 0;
        for (var i = 0; i < 50 && layoutWidth < 1000; i++)
        {
            layoutWidth = await frame!.EvaluateAsync<int>("() => window.innerWidth");
            await page.WaitForTimeoutAsync(100);
        }

        Assert.InRange(layoutWidth, 1000, 1024);

        await Expect(page.Locator("#designer-save-state")).ToHaveTextAsync("保存済み");
        await CheckAccessibilityAsync(page);

        // Publish with a changelog line.
        await page.Locator("#designer-publish-open").ClickAsync();
        await page.Locator("#publish-note").FillAsync("初版：デザイナーで作成");
        await page.Locator("#designer-publish").ClickAsync();
        await Expect(page.Locator("#publish-result")).ToContainTextAsync("版1を公開しました");
        await Expect(page.Locator(".version-list")).ToContainTextAsync("初版：デザイナーで作成");

        // The applicant, with JavaScript and without: landing page, both pages, the conditional section, the 和暦
        // date, rows of the repeat group and the calculated total, confirmation and a receipt.
        foreach (var javaScript in new[] { true, false })
        {
            await using var applicant = await server.NewContextAsync(javaScript);
            var portal = await applicant.NewPageAsync();
            await portal.GotoAsync(Portal.LandingPath(slug));
            await Expect(portal.Locator("h1")).ToHaveTextAsync(title);
            await Expect(portal.Locator("main")).ToContainTextAsync("市民課");
            var draft = await Portal.StartAsync(portal, slug);
            await Expect(portal.Locator("h1")).ToHaveTextAsync("申請者");
            await portal.Locator($"[id='f-{nameId}']").FillAsync("窓口 花子");
            await portal.Locator($"[id='f-{dateId}.era']").SelectOptionAsync("平成");
            await portal.Locator($"[id='f-{dateId}.year']").FillAsync("元");
            await portal.Locator($"[id='f-{dateId}.month']").FillAsync("1");
            await portal.Locator($"[id='f-{dateId}.day']").FillAsync("8");
            var phone = portal.Locator($"[id='f-{phoneId}']");
            await Expect(phone).ToBeHiddenAsync();
            await portal.Locator($"input[name='a.{wantsContactId}'][value='yes']").CheckAsync();
            if (javaScript)
            {
                await Expect(phone).ToBeVisibleAsync(); // revealed at once
            }
            else
            {
                // Without JavaScript the next round trip reveals the section, with its required phone flagged.
                var response = await Portal.PressNextAsync(portal);
                Assert.Equal(422, response.Status);
                await Expect(phone).ToBeVisibleAsync();
                await Expect(portal.Locator($"#error-summary a[href='#f-{phoneId}']")).ToHaveCountAsync(1);
            }

            await phone.FillAsync("090-1234-5678");
            await Portal.PressNextAndArriveAsync(portal, $"{draft}/2", $"page 1 of the designed procedure (JavaScript {javaScript})");
            await Expect(portal.Locator("h1")).ToHaveTextAsync("明細");
            await portal.Locator($"[id='f-{repeatId}[0].{amountId}']").FillAsync("1200");
            var total = portal.Locator($"[id='f-{totalId}']");
            if (javaScript)
            {
                await Expect(total).ToContainTextAsync("1,200"); // calculated while typing
            }

            await portal.Locator($"button[value='addrow:{repeatId}']").ClickAsync();
            await Expect(portal.Locator($"[id='f-{repeatId}[1].{amountId}']")).ToBeVisibleAsync();
            await Expect(portal.Locator($"[id='f-{repeatId}[0].{amountId}']")).ToHaveValueAsync("1200");
            await portal.Locator($"[id='f-{repeatId}[1].{amountId}']").FillAsync("300");
            await Portal.PressNextAndArriveAsync(portal, $"{draft}/confirm", $"page 2 of the designed procedure (JavaScript {javaScript})");
            var confirm = portal.Locator("main");
            await Expect(confirm).ToContainTextAsync("平成元年1月8日");
            await Expect(confirm).ToContainTextAsync("090-1234-5678");
            await Expect(confirm).ToContainTextAsync("1,500");
            var receipt = await Portal.SubmitAsync(portal);
            Assert.True(Portal.HasValidCheckSymbol(receipt.Number), receipt.Number);
        }
    }

    [Fact]
    public async Task The_draft_is_saved_automatically_and_survives_a_reload()
    {
        var tag = Samples.NewTag().ToLowerInvariant();
        await using var staff = await server.NewContextAsync();
        var page = await staff.NewPageAsync();
        await BackOffice.LogInAsync(page, server);
        await page.GotoAsync("/staff/designer/new");
        await page.Locator("#new-title").FillAsync($"自動保存 {tag}");
        await page.Locator("#new-slug").FillAsync($"autosave-{tag}");
        await page.Locator("#new-start-template").CheckAsync();
        await page.Locator("#new-template").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("#new-create").ClickAsync();
        await Expect(page).ToHaveURLAsync(DesignerUrl());

        // A template arrives complete: no problems. Renaming a label keeps the field's id.
        await Expect(page.Locator("#designer-problems")).ToHaveTextAsync("エラーはありません");
        await Node(page, "0.2").Locator(".node-row").ClickAsync();
        var id = await page.Locator("#prop-id").InputValueAsync();
        await page.Locator("#prop-label-ja").FillAsync($"名前を変えた項目 {tag}");
        await Expect(page.Locator("#designer-save-state")).ToHaveTextAsync("未保存");
        await Expect(page.Locator("#designer-save-state")).ToHaveTextAsync("保存済み");
        Assert.Equal(id, await page.Locator("#prop-id").InputValueAsync());

        await page.ReloadAsync();
        await Expect(Node(page, "0.2")).ToContainTextAsync($"名前を変えた項目 {tag}");
    }

    private static ILocator Node(IPage page, string path) => page.Locator($"#designer-tree [role=treeitem][data-node='{path}']");

    /// <summary>Types into a designer input and leaves it (Tab), as a person would; the designer commits on change.</summary>
    private static async Task Commit(ILocator input, string text)
    {
        await input.FillAsync(text);
        await input.PressAsync("Tab");
    }

    private static async Task AddAsync(IPage page, string kind, string? label)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = kind, Exact = true }).ClickAsync();
        var field = page.Locator(label is null ? "#prop-text-ja" : "#prop-label-ja");
        await Expect(field).ToBeFocusedAsync();
        if (label is not null)
        {
            await Commit(field, label);
            await Expect(page.Locator("#designer-tree [role=treeitem][aria-selected=true] > .node-row")).ToContainTextAsync(label);
        }
    }

    private async Task CheckAccessibilityAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions { Iframes = false });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}) {v.Help} → {string.Join(" | ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        foreach (var v in result.Violations.Where(v => v.Impact is not ("serious" or "critical")))
        {
            output.WriteLine($"note: {v.Id} ({v.Impact}) {v.Help}");
        }

        Assert.True(serious.Count == 0, "designer accessibility: " + string.Join('\n', serious));
    }

    [GeneratedRegex("/staff/designer/[0-9a-f-]{36}$")]
    private static partial Regex DesignerUrl();
}
