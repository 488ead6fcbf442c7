using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

/// <summary>Staff take an application through review to a decision in the back office; the applicant sees the result.</summary>
[Collection(E2ECollection.Name)]
public sealed partial class CaseTests(MadoguchiServer server)
{
    [Fact]
    public async Task Staff_review_and_decide_and_the_applicant_sees_the_decision()
    {
        var tag = Samples.NewTag();
        var application = Samples.For(Samples.ResidentRecordCopy, tag);
        Portal.Receipt receipt;
        await using (var applicant = await server.NewContextAsync())
        {
            var page = await applicant.NewPageAsync();
            await Portal.FillToConfirmAsync(page, application);
            receipt = await Portal.SubmitAsync(page);
        }

        await using (var staff = await server.NewContextAsync())
        {
            var page = await staff.NewPageAsync();
            await BackOffice.LogInAsync(page, server);
            await BackOffice.SearchInboxAsync(page, Samples.ResidentRecordCopy, receipt.Number);
            await BackOffice.InboxRows(page).GetByRole(AriaRole.Link, new() { Name = receipt.Number, Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(ApplicationUrl());
            var status = page.Locator("#case-status");
            await Expect(status).ToHaveTextAsync("受付済み");

            // 標準処理期間 (5 business days for this procedure) counted in 開庁日 from the receipt (6 left when it arrived on a
            // closed day: the receipt date is then the next business day).
            await Expect(page.Locator("#case-deadline")).ToContainTextAsync(new Regex(@"令和\d+年\d+月\d+日 \(\d{4}-\d{2}-\d{2}\) （あと[56]開庁日）"));

            // The route is 窓口審査 (市民課の担当者: the demo admin) → 係長決裁 (市民課の係長, another person).
            await page.Locator("#case-startreview").ClickAsync();
            await Expect(status).ToHaveTextAsync("審査中");
            await page.Locator("#case-approve").ClickAsync();
            await Expect(status).ToHaveTextAsync("審査中");
            await Expect(page.Locator("#case-step")).ToContainTextAsync("係長決裁");

            // The officer cannot also sign as the chief: the step does not admit them (and one person approves one step).
            await page.Locator("#case-approve").ClickAsync();
            await Expect(page.Locator("#case-message")).ToContainTextAsync("係長決裁");
            await Expect(status).ToHaveTextAsync("審査中");
        }

        await using (var chief = await server.NewContextAsync())
        {
            var page = await chief.NewPageAsync();
            await BackOffice.LogInAsDemoStaffAsync(page, server, "shimin.kakaricho@demo.madoguchi.jp");
            await BackOffice.SearchInboxAsync(page, Samples.ResidentRecordCopy, receipt.Number);
            await BackOffice.InboxRows(page).GetByRole(AriaRole.Link, new() { Name = receipt.Number, Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(ApplicationUrl());
            var status = page.Locator("#case-status");
            await Expect(status).ToHaveTextAsync("審査中");
            await page.Locator("#case-approve").ClickAsync();
            await Expect(status).ToHaveTextAsync("決定待ち");

            // Refusing needs a reason: the rule says so, nothing changes.
            await page.Locator("#case-decide-refuse").ClickAsync();
            await Expect(page.Locator("#case-message")).ToBeVisibleAsync();
            await Expect(status).ToHaveTextAsync("決定待ち");

            await page.Locator("#case-comment").FillAsync("書類に不備はありません。");
            await page.Locator("#case-decide-grant").ClickAsync();
            await Expect(status).ToHaveTextAsync("承認");
            await Expect(page.Locator("#case-timeline li")).ToHaveCountAsync(4);
            await Expect(page.Locator("#case-timeline")).ToContainTextAsync("書類に不備はありません。");
            await Expect(page.Locator("#case-decide-grant")).ToHaveCountAsync(0); // final: no more actions

            // The inbox counts applications per state; the approved one is counted there.
            await page.Locator("p a[href^='/staff/procedures/']").ClickAsync();
            await Expect(page.Locator("#state-counts")).ToContainTextAsync("承認");
        }

        await using (var later = await server.NewContextAsync())
        {
            var page = await later.NewPageAsync();
            Assert.Equal("承認", await Portal.LookUpStatusAsync(page, receipt));
        }
    }

    [GeneratedRegex(@"/staff/applications/[0-9a-f-]{36}$")]
    private static partial Regex ApplicationUrl();
}
