using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

/// <summary>What an applicant does in the portal, step by step, as a person would with a browser.</summary>
public static partial class Portal
{
    public const string StartButton = "申請を始める";
    public const string NextButton = "次へ進む";
    public const string ToConfirmButton = "確認画面へ進む";
    public const string SubmitButton = "申請する";
    public const string SaveButton = "一時保存";

    public sealed record Receipt(string Number, string AccessCode, string DoneUrl);

    public static string LandingPath(string slug) => $"/p/{Samples.Tenant}/{slug}";

    /// <summary>Opens the landing page and presses 申請を始める; returns the draft's base URL (…/d/{token}).</summary>
    public static async Task<string> StartAsync(IPage page, string slug)
    {
        await page.GotoAsync(LandingPath(slug));
        await page.GetByRole(AriaRole.Button, new() { Name = StartButton }).ClickAsync();
        await Expect(page).ToHaveURLAsync(FormPageUrl());
        return DraftBase(page.Url);
    }

    public static async Task FillAsync(IPage page, IEnumerable<Answer> answers)
    {
        foreach (var answer in answers)
        {
            await answer.GiveAsync(page);
        }
    }

    /// <summary>Presses the primary button (次へ進む, or 確認画面へ進む on the last page) and returns the POST's response.</summary>
    public static async Task<IResponse> PressNextAsync(IPage page)
    {
        var button = page.Locator("button[name=action][value=next]");
        return await page.RunAndWaitForResponseAsync(
            () => button.ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("/d/", StringComparison.Ordinal),
            new() { Timeout = (float)MadoguchiServer.Timeout.TotalMilliseconds });
    }

    /// <summary>Fills every page of <paramref name="application"/> and ends on the confirmation page.</summary>
    public static async Task<string> FillToConfirmAsync(IPage page, SampleApplication application)
    {
        var draft = await StartAsync(page, application.Slug);
        for (var i = 0; i < application.Pages.Count; i++)
        {
            await Expect(page).ToHaveURLAsync($"{draft}/{i + 1}");
            var isLast = i == application.Pages.Count - 1;
            await Expect(page.Locator("button[name=action][value=next]")).ToHaveTextAsync(isLast ? ToConfirmButton : NextButton);
            await FillAsync(page, application.Pages[i]);
            await PressNextAndArriveAsync(page, isLast ? $"{draft}/confirm" : $"{draft}/{i + 2}", $"page {i + 1} of {application.Slug}");
        }

        await Expect(page.Locator("h1")).ToHaveTextAsync("入力内容の確認");
        return draft;
    }

    /// <summary>Presses 申請する on the confirmation page and reads the receipt from the done page.</summary>
    public static async Task<Receipt> SubmitAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = SubmitButton, Exact = true }).ClickAsync();
        return await ReadReceiptAsync(page);
    }

    public static async Task<Receipt> ReadReceiptAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(DonePageUrl());
        var number = (await page.Locator("#receipt-number").InnerTextAsync()).Trim();
        var code = (await page.Locator("#access-code").InnerTextAsync()).Trim();
        Assert.Matches(ReceiptFormat(), number);
        Assert.True(HasValidCheckSymbol(number), $"The check symbol of receipt {number} is not Luhn mod 32 of the other eight.");
        Assert.False(string.IsNullOrWhiteSpace(code), "The done page shows no access code.");
        return new Receipt(number, code, page.Url);
    }

    /// <summary>Looks the application up on the public status page and returns the status shown.</summary>
    public static async Task<string> LookUpStatusAsync(IPage page, Receipt receipt)
    {
        await page.GotoAsync($"/status?tenant={Samples.Tenant}");
        await page.Locator("#receipt").FillAsync(receipt.Number);
        await page.Locator("#code").FillAsync(receipt.AccessCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Expect(page.Locator("dl.facts")).ToContainTextAsync(receipt.Number);
        return (await page.Locator("dd.status").InnerTextAsync()).Trim();
    }

    /// <summary>
    /// Presses the primary button and waits until the browser shows <paramref name="url"/>. When the server sends the
    /// page back with errors instead, fails with the error summary's text, so a wrong sample value is obvious.
    /// </summary>
    public static async Task PressNextAndArriveAsync(IPage page, string url, string where)
    {
        var response = await PressNextAsync(page);
        if (response.Status != 302)
        {
            var body = await response.TextAsync();
            var summary = ErrorSummary().Match(body) is { Success: true } m ? Tags().Replace(m.Value, " ") : body;
            Assert.Fail($"{where}: expected a redirect to {url}, got {response.Status}: {Spaces().Replace(summary, " ").Trim()}");
        }

        await Expect(page).ToHaveURLAsync(url);
    }

    /// <summary>Luhn mod 32 over the eight symbols in Crockford's alphabet, computed here independently of the server.</summary>
    public static bool HasValidCheckSymbol(string receipt)
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var symbols = receipt.Replace("-", "", StringComparison.Ordinal);
        var factor = 2;
        var sum = 0;
        for (var i = 7; i >= 0; i--)
        {
            var addend = factor * alphabet.IndexOf(symbols[i], StringComparison.Ordinal);
            sum += (addend / 32) + (addend % 32);
            factor = 3 - factor;
        }

        return alphabet[(32 - (sum % 32)) % 32] == symbols[8];
    }

    public static string DraftBase(string url) => DraftBaseUrl().Match(url) is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException($"Not a draft URL: {url}");

    [GeneratedRegex(@"<div class=""error-summary"".*?</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorSummary();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(.*/p/demo/[a-z0-9-]+/d/[^/?#]+)")]
    private static partial Regex DraftBaseUrl();

    [GeneratedRegex(@"/p/demo/[a-z0-9-]+/d/[^/?#]+/1$")]
    public static partial Regex FormPageUrl();

    [GeneratedRegex(@"/p/demo/[a-z0-9-]+/d/[^/?#]+/done$")]
    public static partial Regex DonePageUrl();

    /// <summary>受付番号: two groups of four Crockford base32 symbols and a check symbol.</summary>
    [GeneratedRegex(@"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$")]
    public static partial Regex ReceiptFormat();
}

/// <summary>What a member of staff does in the back office (Blazor, interactive server).</summary>
public static class BackOffice
{
    public static Task LogInAsync(IPage page, MadoguchiServer server) => LogInAsync(page, server.StaffEmail, server.StaffPassword);

    /// <summary>Signs in as one of the demo staff the seeding prints (e.g. shimin.kakaricho@demo.madoguchi.jp).</summary>
    public static Task LogInAsDemoStaffAsync(IPage page, MadoguchiServer server, string email) => LogInAsync(page, email, server.DemoStaffPassword);

    public static async Task LogInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/staff/login");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/staff$"));
    }

    /// <summary>From the procedure list, opens one procedure's inbox and filters it with the search box.</summary>
    public static async Task SearchInboxAsync(IPage page, string slug, string text)
    {
        var link = page.Locator($"a[href='/staff/procedures/{slug}']");
        await link.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/staff/procedures/{Regex.Escape(slug)}$"));
        await page.Locator("#q").FillAsync(text);
        await page.Locator("form.filters button[type=submit]").ClickAsync();
    }

    public static ILocator InboxRows(IPage page) => page.Locator("table.inbox tbody tr");
}
