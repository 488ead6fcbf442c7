using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

/// <summary>A decided case's notice: generated and signed on approval, downloaded by the applicant, confirmed genuine on /verify.</summary>
[Collection(E2ECollection.Name)]
public sealed class DocumentTests(MadoguchiServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task Approved_case_notice_is_downloaded_by_the_applicant_and_verified_as_genuine()
    {
        var application = Samples.For(Samples.ResidentRecordCopy, Samples.NewTag());
        Portal.Receipt receipt;
        await using (var applicant = await server.NewContextAsync())
        {
            var page = await applicant.NewPageAsync();
            await Portal.FillToConfirmAsync(page, application);
            receipt = await Portal.SubmitAsync(page);
        }

        // 窓口審査 by the demo admin, 係長決裁 and the decision by the chief (see CaseTests).
        await using (var staff = await server.NewContextAsync())
        {
            var page = await staff.NewPageAsync();
            await BackOffice.LogInAsync(page, server);
            await BackOffice.SearchInboxAsync(page, Samples.ResidentRecordCopy, receipt.Number);
            await BackOffice.InboxRows(page).GetByRole(AriaRole.Link, new() { Name = receipt.Number, Exact = true }).ClickAsync();
            await page.Locator("#case-startreview").ClickAsync();
            await Expect(page.Locator("#case-status")).ToHaveTextAsync("審査中");
            await page.Locator("#case-approve").ClickAsync();
            await Expect(page.Locator("#case-step")).ToContainTextAsync("係長決裁");
            await Expect(page.Locator("#documents-table tbody tr")).ToHaveCountAsync(1); // the decision document, first signature
        }

        await using (var chief = await server.NewContextAsync())
        {
            var page = await chief.NewPageAsync();
            await BackOffice.LogInAsDemoStaffAsync(page, server, "shimin.kakaricho@demo.madoguchi.jp");
            await BackOffice.SearchInboxAsync(page, Samples.ResidentRecordCopy, receipt.Number);
            await BackOffice.InboxRows(page).GetByRole(AriaRole.Link, new() { Name = receipt.Number, Exact = true }).ClickAsync();
            await page.Locator("#case-approve").ClickAsync();
            await Expect(page.Locator("#case-status")).ToHaveTextAsync("決定待ち");
            await page.Locator("#case-decide-grant").ClickAsync();
            await Expect(page.Locator("#case-status")).ToHaveTextAsync("承認");

            // Two decision document revisions and the notice.
            await Expect(page.Locator("#documents-table tbody tr")).ToHaveCountAsync(3);
            await Expect(page.Locator("#documents-table")).ToContainTextAsync("通知書");
        }

        string file;
        await using (var later = await server.NewContextAsync())
        {
            var page = await later.NewPageAsync();
            Assert.Equal("承認", await Portal.LookUpStatusAsync(page, receipt));
            var notice = page.Locator("#documents button.download-notice");
            await Expect(notice).ToHaveCountAsync(1);
            var download = await page.RunAndWaitForDownloadAsync(() => notice.ClickAsync());
            file = Path.Combine(Path.GetTempPath(), "madoguchi-e2e-notice-" + Guid.NewGuid().ToString("N") + ".pdf");
            await download.SaveAsAsync(file);
            Assert.StartsWith("notice-", download.SuggestedFilename, StringComparison.Ordinal);
        }

        try
        {
            await using var visitor = await server.NewContextAsync();
            var page = await visitor.NewPageAsync();
            await page.GotoAsync($"/p/{Samples.Tenant}/verify");
            var audit = new AccessibilityTests.Audit(output);
            await audit.CheckAsync(page, "ja", "verification page");
            await page.Locator("#verify-file").SetInputFilesAsync(file);
            await page.Locator("#verify-submit").ClickAsync();
            await Expect(page.Locator("#verify-result")).ToContainTextAsync("本物です");
            await Expect(page.Locator("#verify-result")).ToContainTextAsync("通知書");
            await Expect(page.Locator("#verify-result")).Not.ToContainTextAsync(receipt.Number);
            await audit.CheckAsync(page, "ja", "verification result");

            // Without a file: the error summary, in English too.
            await page.GotoAsync($"/p/{Samples.Tenant}/verify?lang=en");
            await audit.CheckAsync(page, "en", "verification page");
            await page.Locator("#verify-submit").ClickAsync();
            await Expect(page.Locator("#error-summary")).ToContainTextAsync("Choose the PDF file");
            await audit.CheckAsync(page, "en", "verification page with an error");
            audit.AssertNoSeriousViolations();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
