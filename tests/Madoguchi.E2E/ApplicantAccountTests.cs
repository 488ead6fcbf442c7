using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

/// <summary>
/// An applicant registers, confirms the address from the mailed link, signs in, applies, finds the application in
/// "my applications" and exchanges a message with staff; every new portal page is checked with axe-core.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class ApplicantAccountTests(MadoguchiServer server, ITestOutputHelper output)
{
    private const string Password = Applicants.Password;

    [Fact]
    public async Task Register_verify_sign_in_apply_and_exchange_a_message_with_staff()
    {
        var audit = new AccessibilityTests.Audit(output);
        var tag = Samples.NewTag();
        var email = $"applicant-{tag.ToLowerInvariant()}@example.jp";
        var account = $"/p/{Samples.Tenant}/account";
        await using var applicant = await server.NewContextAsync();
        var page = await applicant.NewPageAsync();

        await page.GotoAsync($"{account}/register?lang=en");
        await audit.CheckAsync(page, "en", "register");
        await page.GotoAsync($"{account}/register?lang=ja");
        await audit.CheckAsync(page, "ja", "register");
        await page.Locator("#email").FillAsync("not an address");
        await page.Locator("#register").ClickAsync();
        await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
        await audit.CheckAsync(page, "ja", "register, with errors");

        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("#confirm").FillAsync(Password);
        await page.Locator("#register").ClickAsync();
        await Expect(page.Locator("#sent-notice")).ToBeVisibleAsync();
        await audit.CheckAsync(page, "ja", "mail sent");

        // The link from the mail the notification worker would send.
        await page.GotoAsync(Path(await MailedLinkAsync("account.verify_email", email)));
        await audit.CheckAsync(page, "ja", "verify");
        await page.Locator("#verify").ClickAsync();
        await Expect(page.Locator("#verified-notice")).ToBeVisibleAsync();
        await audit.CheckAsync(page, "ja", "verified");

        await page.GotoAsync($"{account}/login");
        await audit.CheckAsync(page, "ja", "sign in");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("#sign-in").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/p/{Samples.Tenant}/my$"));
        await Expect(page.Locator("#no-applications")).ToBeVisibleAsync();
        await audit.CheckAsync(page, "ja", "my applications, empty");

        var application = Samples.For(Samples.ResidentRecordCopy, tag);
        await Portal.FillToConfirmAsync(page, application);
        var receipt = await Portal.SubmitAsync(page);

        await page.GotoAsync($"/p/{Samples.Tenant}/my");
        await Expect(page.Locator("#my-applications")).ToContainTextAsync(receipt.Number);
        await audit.CheckAsync(page, "ja", "my applications");
        await page.GetByRole(AriaRole.Link, new() { Name = receipt.Number, Exact = true }).ClickAsync();
        await Expect(page.Locator("#status-timeline")).ToBeVisibleAsync();
        await audit.CheckAsync(page, "ja", "application detail");

        await page.Locator("#message-body").FillAsync($"添付書類について質問があります（{tag}）。");
        await page.Locator("#send-message").ClickAsync();
        await Expect(page.Locator("#message-list")).ToContainTextAsync($"質問があります（{tag}）");
        await audit.CheckAsync(page, "ja", "application detail, with a message");

        await using (var staff = await server.NewContextAsync())
        {
            var office = await staff.NewPageAsync();
            await BackOffice.LogInAsync(office, server);
            await BackOffice.SearchInboxAsync(office, Samples.ResidentRecordCopy, receipt.Number);
            await BackOffice.InboxRows(office).GetByRole(AriaRole.Link, new() { Name = receipt.Number, Exact = true }).ClickAsync();
            await Expect(office.Locator("#thread-list")).ToContainTextAsync($"質問があります（{tag}）");
            await office.Locator("#thread-body").FillAsync($"内部メモ：本人確認済み（{tag}）");
            await office.Locator("#thread-internal").CheckAsync();
            await office.Locator("#thread-send").ClickAsync();
            await Expect(office.Locator("#thread-list li")).ToHaveCountAsync(2);
            await office.Locator("#thread-body").FillAsync($"郵送での提出で結構です（{tag}）。");
            await office.Locator("#thread-send").ClickAsync();
            await Expect(office.Locator("#thread-list li")).ToHaveCountAsync(3);
        }

        await page.ReloadAsync();
        await Expect(page.Locator("#message-list")).ToContainTextAsync($"郵送での提出で結構です（{tag}）");
        await Expect(page.Locator("#message-list")).Not.ToContainTextAsync("本人確認済み");
        await Expect(page.Locator("#message-list li")).ToHaveCountAsync(2);

        // The remaining account pages: resend, forgot, and the reset form from its mailed link.
        await page.GotoAsync($"{account}/resend");
        await audit.CheckAsync(page, "ja", "resend verification");
        await page.GotoAsync($"{account}/forgot?lang=en");
        await audit.CheckAsync(page, "en", "forgot password");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#forgot").ClickAsync();
        await Expect(page.Locator("#sent-notice")).ToBeVisibleAsync();
        await page.GotoAsync(Path(await MailedLinkAsync("account.password_reset", email)));
        await Expect(page.Locator("#reset")).ToBeVisibleAsync();
        await audit.CheckAsync(page, "en", "reset password");

        audit.AssertNoSeriousViolations();
    }

    private static string Path(string url) => new Uri(url).PathAndQuery;

    private Task<string> MailedLinkAsync(string type, string email) => Applicants.MailedLinkAsync(server, type, email);
}
