using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

/// <summary>
/// Staff design an approval route with the keyboard (steps in the outline, who acts from the staff directory, a
/// condition), check it in the route preview, publish it, and the admin manages the staff directory.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class RouteDesignerTests(MadoguchiServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task A_conditional_approval_step_is_added_with_the_keyboard_previewed_and_published_with_the_version()
    {
        var tag = Samples.NewTag().ToLowerInvariant();
        var slug = $"routed-{tag}";
        await using var staff = await server.NewContextAsync();
        var page = await staff.NewPageAsync();
        await page.SetViewportSizeAsync(1600, 1400);
        await BackOffice.LogInAsync(page, server);

        await page.GotoAsync("/staff/designer/new");
        await page.Locator("#new-title").FillAsync($"ルート付きの手続 {tag}");
        await page.Locator("#new-slug").FillAsync(slug);
        await page.Locator("#new-department").FillAsync("産業振興課");
        await page.Locator("#new-create").ClickAsync();
        await Expect(page).ToHaveURLAsync(DesignerUrl());
        await Commit(page.Locator("#prop-pageTitle-ja"), "申請内容");
        await page.GetByRole(AriaRole.Button, new() { Name = "整数", Exact = true }).ClickAsync();
        await Expect(page.Locator("#prop-label-ja")).ToBeFocusedAsync();
        await Commit(page.Locator("#prop-label-ja"), "申請額");
        var amountId = await page.Locator("#prop-id").InputValueAsync();

        // The route node of the outline: Enter opens its panel; a procedure without a route follows the default.
        var routeNode = Node(page, "route");
        await routeNode.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#route-default")).ToBeVisibleAsync();
        await Expect(page.Locator("#route-add-review")).ToBeFocusedAsync();

        // A review step by the 担当者 (job role chosen from the staff directory with the arrow key).
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#prop-step-label-ja")).ToBeFocusedAsync();
        await Expect(page.Locator("#designer-live")).ToContainTextAsync("審査");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#prop-step-role")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator("#prop-step-role")).ToHaveValueAsync("tanto");
        await Expect(Node(page, "route:0")).ToContainTextAsync("担当者審査");

        // Back to the route and an approval step: the 部長 decides only above ¥1,000,000.
        await routeNode.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#route-add-approval").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#prop-step-label-ja")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("部長決裁");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#prop-step-role")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("End");
        await Expect(page.Locator("#prop-step-role")).ToHaveValueAsync("bucho");
        await Expect(Node(page, "route:1")).ToContainTextAsync("部長決裁");

        // A condition the type checker rejects is explained at the input, then fixed.
        await page.Locator("#prop-step-when").FocusAsync();
        await page.Keyboard.TypeAsync($"{amountId} + 1");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#designer-properties .prop-error")).Not.ToHaveCountAsync(0);
        await Expect(Node(page, "route:1").Locator(".badge")).ToBeVisibleAsync();
        await page.Locator("#prop-step-when").FocusAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync($"{amountId} > 1000000");
        await page.Keyboard.PressAsync("Tab");
        await Expect(Node(page, "route:1").Locator(".badge")).ToHaveCountAsync(0);
        await Expect(Node(page, "route:1")).ToContainTextAsync("条件付き");
        await Expect(page.Locator("#designer-problems")).ToHaveTextAsync("エラーはありません");

        // Reordering with Alt+arrows on the step in the outline, announced like fields.
        await Node(page, "route:1").FocusAsync();
        await page.Keyboard.PressAsync("Alt+ArrowUp");
        await Expect(Node(page, "route:0")).ToContainTextAsync("部長決裁");
        await Expect(page.Locator("#designer-live")).ToContainTextAsync("段階「部長決裁」を1番目に移動しました");
        await Expect(Node(page, "route:0")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Alt+ArrowDown");
        await Expect(Node(page, "route:1")).ToContainTextAsync("部長決裁");

        // The preview: 2,000,000 includes the 部長 step, 500,000 skips it.
        await routeNode.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var answer = page.Locator($"[id='route-preview-{amountId}']");
        await answer.FocusAsync();
        await page.Keyboard.TypeAsync("2,000,000");
        await page.Keyboard.PressAsync("Tab");
        var director = page.Locator("#route-preview-list li[data-step='approval1']");
        await Expect(director).ToHaveClassAsync("applies");
        await Expect(director).ToContainTextAsync("通る");
        await answer.FocusAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("500000");
        await page.Keyboard.PressAsync("Tab");
        await Expect(director).ToHaveClassAsync("skipped");
        await Expect(page.Locator("#route-preview-list li[data-step='review1']")).ToHaveClassAsync("applies");

        await CheckAccessibilityAsync(page, "route panel");
        await Node(page, "route:1").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#prop-step-kind")).ToBeVisibleAsync();
        await CheckAccessibilityAsync(page, "route step panel");

        // Publishing freezes the route with the version.
        await Expect(page.Locator("#designer-save-state")).ToHaveTextAsync("保存済み");
        await page.Locator("#designer-publish-open").ClickAsync();
        await page.Locator("#designer-publish").ClickAsync();
        await Expect(page.Locator("#publish-result")).ToContainTextAsync("版1を公開しました");
        var response = await page.APIRequest.GetAsync($"/api/v1/procedures/{slug}/versions/1");
        Assert.True(response.Ok, $"version 1: {response.Status}");
        using var version = JsonDocument.Parse(await response.TextAsync());
        var steps = version.RootElement.GetProperty("route").GetProperty("steps");
        Assert.Equal(2, steps.GetArrayLength());
        Assert.Equal(("review1", "tanto"), (steps[0].GetProperty("id").GetString(), steps[0].GetProperty("role").GetString()));
        Assert.Equal(("approval1", "bucho", $"{amountId} > 1000000"),
            (steps[1].GetProperty("id").GetString(), steps[1].GetProperty("role").GetString(), steps[1].GetProperty("when").GetString()));
    }

    [Fact]
    public async Task The_admin_manages_departments_roles_and_staff_and_the_pages_are_accessible()
    {
        var tag = Samples.NewTag().ToLowerInvariant();
        await using var staff = await server.NewContextAsync();
        var page = await staff.NewPageAsync();
        await BackOffice.LogInAsync(page, server);
        await page.Locator("#nav-staff-admin").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/staff/admin/staff$"));
        await Expect(page.Locator("#staff-table")).ToContainTextAsync("市民 係長（デモ）");
        await CheckAccessibilityAsync(page, "staff list");

        // A new member: the initial password is shown once; then their department and job role are set.
        var name = $"新任 職員 {tag}";
        await page.Locator("#new-staff-email").FillAsync($"new-{tag}@demo.madoguchi.jp");
        await page.Locator("#new-staff-name").FillAsync(name);
        await page.Locator("#new-staff-department").SelectOptionAsync("fukushi");
        await page.Locator("#new-staff-create").ClickAsync();
        await Expect(page.Locator("#new-staff-password")).ToHaveTextAsync(new Regex("^mdg-"));
        var row = page.Locator("#staff-table tbody tr", new() { HasText = name });
        await Expect(row.Locator("select")).ToHaveValueAsync("fukushi");
        await row.Locator("input[type=checkbox][id$='-role-kacho']").CheckAsync();
        await row.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator("#admin-message")).ToContainTextAsync(name);
        await Expect(page.Locator("#new-staff-password")).ToHaveCountAsync(0);
        await Expect(page.Locator("#staff-table tbody tr", new() { HasText = name }).Locator("input[id$='-role-kacho']")).ToBeCheckedAsync();

        await page.Locator("#link-organisation").ClickAsync();
        await Expect(page.Locator("#departments-sangyo-ja")).ToHaveValueAsync("産業振興課");
        await Expect(page.Locator("#roles-bucho-ja")).ToHaveValueAsync("部長");

        // Used departments cannot go, and the message says where they are used.
        await page.Locator("#departments-sangyo-delete").ClickAsync();
        await Expect(page.Locator("#admin-message")).ToContainTextAsync("business-subsidy");

        // A bad code is refused with a message; a good one is added, and an unused one can be deleted.
        await page.Locator("#departments-new-code").FillAsync("税務 課");
        await page.Locator("#departments-new-ja").FillAsync("税務課");
        await page.Locator("#departments-new-add").ClickAsync();
        await Expect(page.Locator("#admin-message")).ToContainTextAsync("使えません");
        var code = "zeimu-" + tag;
        await page.Locator("#departments-new-code").FillAsync(code);
        await page.Locator("#departments-new-add").ClickAsync();
        await Expect(page.Locator($"[id='departments-{code}']")).ToContainTextAsync("未使用");
        await CheckAccessibilityAsync(page, "departments and roles");
        await page.Locator($"[id='departments-{code}-delete']").ClickAsync();
        await Expect(page.Locator($"[id='departments-{code}']")).ToHaveCountAsync(0);
    }

    private static ILocator Node(IPage page, string key) => page.Locator($"#designer-tree [role=treeitem][data-node='{key}']");

    private static async Task Commit(ILocator input, string text)
    {
        await input.FillAsync(text);
        await input.PressAsync("Tab");
    }

    private async Task CheckAccessibilityAsync(IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions { Iframes = false });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}) {v.Help} → {string.Join(" | ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        foreach (var v in result.Violations.Where(v => v.Impact is not ("serious" or "critical")))
        {
            output.WriteLine($"note ({what}): {v.Id} ({v.Impact}) {v.Help}");
        }

        Assert.True(serious.Count == 0, $"{what} accessibility: " + string.Join('\n', serious));
    }

    [GeneratedRegex("/staff/designer/[0-9a-f-]{36}$")]
    private static partial Regex DesignerUrl();
}
