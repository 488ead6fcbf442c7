using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

[Collection(E2ECollection.Name)]
public sealed partial class SubmissionTests(MadoguchiServer server)
{
    private const string ReceivedStatus = "受付済";

    [Fact]
    public Task Business_subsidy_submitted_in_browser_appears_in_staff_inbox() => SubmitAndFindAsync(Samples.BusinessSubsidy);

    [Fact]
    public Task Resident_record_copy_submitted_in_browser_appears_in_staff_inbox() => SubmitAndFindAsync(Samples.ResidentRecordCopy);

    [Fact]
    public Task Event_sponsorship_submitted_in_browser_appears_in_staff_inbox() => SubmitAndFindAsync(Samples.EventSponsorship);

    [Fact]
    public async Task Resident_record_copy_can_be_submitted_without_javascript()
    {
        var tag = Samples.NewTag();
        var application = Samples.ResidentRecordCopyApplication(tag);
        await using var context = await server.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();

        await Portal.FillToConfirmAsync(page, application);
        await Expect(page.Locator("main")).ToContainTextAsync(tag);
        var receipt = await Portal.SubmitAsync(page);

        Assert.Equal(ReceivedStatus, await Portal.LookUpStatusAsync(page, receipt));
    }

    [Fact]
    public async Task Double_click_on_submit_creates_one_application()
    {
        var tag = Samples.NewTag();
        var application = Samples.EventSponsorshipApplication(tag);
        Portal.Receipt receipt;

        // Without JavaScript the page's own double-submit guard is off, so both clicks reach the server.
        await using (var context = await server.NewContextAsync(javaScript: false))
        {
            var page = await context.NewPageAsync();
            await Portal.FillToConfirmAsync(page, application);
            await page.GetByRole(AriaRole.Button, new() { Name = Portal.SubmitButton, Exact = true }).DblClickAsync();
            receipt = await Portal.ReadReceiptAsync(page);

            // Going back to the confirmation page and sending again lands on the same receipt.
            await page.GoBackAsync();
            await Expect(page).ToHaveURLAsync(Portal.DonePageUrl());
            Assert.Equal(receipt, await Portal.ReadReceiptAsync(page));
        }

        await ExpectOneApplicationAsync(application.Slug, tag, receipt.Number);
    }

    [Fact]
    public async Task Concurrent_submits_of_one_draft_create_one_application()
    {
        var tag = Samples.NewTag();
        var application = Samples.ResidentRecordCopyApplication(tag);
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        var draft = await Portal.FillToConfirmAsync(page, application);
        var form = page.Locator($"form[action$='/submit']");
        var tokenName = await form.Locator("input[type=hidden]").First.GetAttributeAsync("name") ?? "";
        var tokenValue = await form.Locator("input[type=hidden]").First.InputValueAsync();

        // The same POST the button sends, five times at once, with the browser's cookies.
        var posts = Enumerable.Range(0, 5).Select(async _ =>
        {
            var data = context.APIRequest.CreateFormData();
            data.Set(tokenName, tokenValue);
            var response = await context.APIRequest.PostAsync($"{draft}/submit", new()
            {
                Form = data,
                MaxRedirects = 0,
                Timeout = (float)MadoguchiServer.Timeout.TotalMilliseconds,
            });
            return (response.Status, Location: response.Headers.GetValueOrDefault("location") ?? "");
        }).ToList();
        var results = await Task.WhenAll(posts);

        Assert.All(results, r =>
        {
            Assert.Equal(302, r.Status);
            Assert.EndsWith("/done", r.Location, StringComparison.Ordinal);
        });

        await page.GotoAsync($"{draft}/done");
        var receipt = await Portal.ReadReceiptAsync(page);

        // Opening the confirmation page again leads to the same receipt, not to a second application.
        await page.GotoAsync($"{draft}/confirm");
        await Expect(page).ToHaveURLAsync(Portal.DonePageUrl());
        Assert.Equal(receipt.Number, (await Portal.ReadReceiptAsync(page)).Number);

        await ExpectOneApplicationAsync(application.Slug, tag, receipt.Number);
    }

    private async Task SubmitAndFindAsync(string slug)
    {
        var tag = Samples.NewTag();
        var application = Samples.For(slug, tag);
        Portal.Receipt receipt;
        await using (var applicant = await server.NewContextAsync())
        {
            var page = await applicant.NewPageAsync();
            if (Applicants.RequiresAccount(slug))
            {
                await Applicants.SignUpAsync(page, server);
            }

            await Portal.FillToConfirmAsync(page, application);
            await Expect(page.Locator("main")).ToContainTextAsync(tag);
            receipt = await Portal.SubmitAsync(page);
            await Expect(page.Locator("main")).ToContainTextAsync(application.Title);
        }

        await using (var staff = await server.NewContextAsync())
        {
            var page = await staff.NewPageAsync();
            await BackOffice.LogInAsync(page, server);
            await BackOffice.SearchInboxAsync(page, slug, receipt.Number);
            var rows = BackOffice.InboxRows(page);
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(rows).ToContainTextAsync(tag);
            await rows.GetByRole(AriaRole.Link, new() { Name = receipt.Number, Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(StaffApplicationUrl());
            await Expect(page.Locator("#receipt-number")).ToHaveTextAsync(receipt.Number);
            await Expect(page.Locator("main")).ToContainTextAsync(tag);
        }

        // The applicant, in yet another browser, sees the status with receipt number and access code.
        await using (var later = await server.NewContextAsync())
        {
            var page = await later.NewPageAsync();
            Assert.Equal(ReceivedStatus, await Portal.LookUpStatusAsync(page, receipt));
        }
    }

    /// <summary>The staff inbox, searched for the applicant's unique tag, lists exactly one application: this one.</summary>
    private async Task ExpectOneApplicationAsync(string slug, string tag, string receiptNumber)
    {
        await using var staff = await server.NewContextAsync();
        var page = await staff.NewPageAsync();
        await BackOffice.LogInAsync(page, server);
        await BackOffice.SearchInboxAsync(page, slug, tag);
        await Expect(page.Locator("#result-count")).ToHaveTextAsync("1件");
        var rows = BackOffice.InboxRows(page);
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync(receiptNumber);
    }

    [GeneratedRegex(@"/staff/applications/[0-9a-f-]{36}$")]
    private static partial Regex StaffApplicationUrl();
}
