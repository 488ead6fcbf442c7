using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

/// <summary>The staff inbox with the keyboard alone: search, move, select, bulk claim; axe-core on the inbox.</summary>
[Collection(E2ECollection.Name)]
public sealed class InboxTests(MadoguchiServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task Keyboard_only_search_select_two_and_claim_them_then_axe_finds_nothing_serious()
    {
        var tag = Samples.NewTag();
        for (var i = 0; i < 2; i++)
        {
            await using var applicant = await server.NewContextAsync();
            var form = await applicant.NewPageAsync();
            await Portal.FillToConfirmAsync(form, Samples.For(Samples.ResidentRecordCopy, tag));
            await Portal.SubmitAsync(form);
        }

        await using var staff = await server.NewContextAsync();
        var page = await staff.NewPageAsync();
        await BackOffice.LogInAsync(page, server);
        await page.GotoAsync($"/staff/procedures/{Samples.ResidentRecordCopy}");
        var rows = page.Locator("#inbox-grid tbody tr[data-row]");
        await Expect(rows.First).ToBeVisibleAsync();

        // "/" goes to the search box; typing "j" there types, it does not move. The tag is typed in lower case and
        // 全角: search folds both.
        await page.Keyboard.PressAsync("/");
        await Expect(page.Locator("#q")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(ToFullWidth(tag.ToLowerInvariant()));
        await Expect(page.Locator("#q")).ToHaveValueAsync(ToFullWidth(tag.ToLowerInvariant()));
        await page.Keyboard.PressAsync("Enter");
        await Expect(rows).ToHaveCountAsync(2);

        // Esc leaves the box for the list; j/k move the row focus, x selects.
        await page.Keyboard.PressAsync("Escape");
        await Expect(rows.Nth(0)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("x");
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("aria-selected", "true");
        await page.Keyboard.PressAsync("j");
        await Expect(rows.Nth(1)).ToBeFocusedAsync();
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("tabindex", "0");
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("tabindex", "-1");
        await page.Keyboard.PressAsync("k");
        await Expect(rows.Nth(0)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(rows.Nth(1)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("x");
        await Expect(page.Locator("#selection-count")).ToHaveTextAsync("2件選択中");

        // c with a selection claims every selected case; the summary says what happened to each.
        await page.Keyboard.PressAsync("c");
        var results = page.Locator("#bulk-results");
        await Expect(results).ToContainTextAsync("2件中2件を処理しました");
        await Expect(results.Locator("li.result-applied")).ToHaveCountAsync(2);
        await Expect(page.Locator("#selection-count")).ToHaveTextAsync("0件選択中");
        await Expect(rows.Nth(0).Locator("td.handler")).Not.ToBeEmptyAsync();
        await Expect(rows.Nth(1).Locator("td.handler")).Not.ToBeEmptyAsync();

        // 1 switches to 自分の担当, where both now are.
        await page.Keyboard.PressAsync("1");
        await Expect(page.Locator("#view-mine")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(rows).ToHaveCountAsync(2);

        // ? lists the shortcuts; Esc closes the list.
        await page.Keyboard.PressAsync("?");
        var help = page.Locator("#inbox-help");
        await Expect(help).ToBeVisibleAsync();
        await Expect(help).ToContainTextAsync("検索欄へ移動");
        await page.Keyboard.PressAsync("Escape");
        await Expect(help).ToBeHiddenAsync();

        await page.Keyboard.PressAsync("5");
        await Expect(page.Locator("#view-all")).ToHaveAttributeAsync("aria-pressed", "true");

        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}) {v.Help} → {string.Join(" | ", v.Nodes.Select(n => n.Target?.ToString()))}").ToList();
        foreach (var note in axe.Violations.Where(v => v.Impact is not ("serious" or "critical")))
        {
            output.WriteLine($"note: {note.Id} ({note.Impact}) {note.Help}");
        }

        Assert.True(serious.Count == 0, string.Join('\n', serious));

        // Enter opens the focused row's application.
        await page.Keyboard.PressAsync("j");
        await Expect(page.Locator("#inbox-grid tbody tr[data-row]:focus")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(@"/staff/applications/[0-9a-f-]{36}$"));
    }

    private static string ToFullWidth(string s) =>
        string.Concat(s.Select(c => c is >= '!' and <= '~' ? (char)(c - '!' + '！') : c));
}
