using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

/// <summary>The administrator's settings pages: the business calendar, the notification log and department webhooks.</summary>
[Collection(E2ECollection.Name)]
public sealed class StaffSettingsPagesTests(MadoguchiServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task The_admin_adds_an_extra_closure_and_the_settings_pages_are_accessible()
    {
        var audit = new AccessibilityTests.Audit(output);
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        await BackOffice.LogInAsync(page, server);

        await page.GetByRole(AriaRole.Link, new() { Name = "開庁日" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("開庁日カレンダー");
        await audit.CheckAsync(page, "ja", "business calendar");

        // A Wednesday in 2030 becomes a 臨時休業日; the same day a second time is refused with the reason.
        await page.Locator("#day-date").FillAsync("2030-06-12");
        await page.Locator("#day-note-ja").FillAsync("庁舎移転のため臨時休業");
        await page.Locator("#day-add").ClickAsync();
        await Expect(page.Locator("#calendar-message")).ToContainTextAsync("2030-06-12");
        await Expect(page.Locator("#own-days")).ToContainTextAsync("庁舎移転のため臨時休業");
        await page.Locator("#day-date").FillAsync("2030-06-12");
        await page.Locator("#day-note-ja").FillAsync("二重登録");
        await page.Locator("#day-add").ClickAsync();
        await Expect(page.Locator("#calendar-problems")).ToContainTextAsync("既に登録されています");
        await audit.CheckAsync(page, "ja", "business calendar with a problem");

        await page.GotoAsync("/staff/notifications");
        await Expect(page.Locator("h1")).ToBeVisibleAsync();
        await audit.CheckAsync(page, "ja", "notification log");

        await page.GotoAsync("/staff/admin/webhooks");
        await Expect(page.Locator("h1")).ToBeVisibleAsync();
        await audit.CheckAsync(page, "ja", "department webhooks");

        audit.AssertNoSeriousViolations();
    }
}
