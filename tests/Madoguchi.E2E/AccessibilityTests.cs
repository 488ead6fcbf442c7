using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

/// <summary>
/// axe-core on every kind of page a citizen sees (and the staff sign-in), in Japanese and English. Serious and
/// critical violations fail; the rest are written to the test output. Every page also needs one h1 and a lang.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class AccessibilityTests(MadoguchiServer server, ITestOutputHelper output)
{
    [Theory]
    [InlineData(Samples.BusinessSubsidy, "ja")]
    [InlineData(Samples.ResidentRecordCopy, "ja")]
    [InlineData(Samples.EventSponsorship, "ja")]
    [InlineData(Samples.BusinessSubsidy, "en")]
    [InlineData(Samples.ResidentRecordCopy, "en")]
    [InlineData(Samples.EventSponsorship, "en")]
    public async Task Every_page_of_a_procedure_has_no_serious_accessibility_violations(string slug, string lang)
    {
        var audit = new Audit(output);
        var application = Samples.For(slug, Samples.NewTag());
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        if (Applicants.RequiresAccount(slug))
        {
            await Applicants.SignUpAsync(page, server);
        }

        await page.GotoAsync($"{Portal.LandingPath(slug)}?lang={lang}");
        await audit.CheckAsync(page, lang, "landing page");

        await page.Locator("form[action$='/start'] button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(Portal.FormPageUrl());
        var draft = Portal.DraftBase(page.Url);
        for (var i = 0; i < application.Pages.Count; i++)
        {
            await audit.CheckAsync(page, lang, $"form page {i + 1}, empty");
            var withErrors = await Portal.PressNextAsync(page);
            Assert.Equal(422, withErrors.Status);
            await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
            await audit.CheckAsync(page, lang, $"form page {i + 1}, with errors");
            await Portal.FillAsync(page, application.Pages[i]);
            var isLast = i == application.Pages.Count - 1;
            await Portal.PressNextAndArriveAsync(page, isLast ? $"{draft}/confirm" : $"{draft}/{i + 2}", $"page {i + 1} of {slug}");
        }

        await audit.CheckAsync(page, lang, "confirmation page");

        await page.Locator("form[action$='/submit'] button[type=submit]").ClickAsync();
        var receipt = await Portal.ReadReceiptAsync(page);
        await audit.CheckAsync(page, lang, "done page");

        // The done page links to the status page with the receipt number filled in.
        await page.Locator($"main a[href^='/status']").ClickAsync();
        await Expect(page.Locator("#receipt")).ToHaveValueAsync(receipt.Number);
        await audit.CheckAsync(page, lang, "status page, form");
        await page.Locator("#code").FillAsync(receipt.AccessCode);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Expect(page.Locator("dd.status")).ToBeVisibleAsync();
        await audit.CheckAsync(page, lang, "status page, result");

        audit.AssertNoSeriousViolations();
    }

    [Theory]
    [InlineData("ja")]
    [InlineData("en")]
    public async Task Shared_portal_pages_and_staff_login_have_no_serious_accessibility_violations(string lang)
    {
        var audit = new Audit(output);
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync($"/?lang={lang}");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/p/{Samples.Tenant}(\\?.*)?$"));
        await Expect(page.Locator($"main a[href='{Portal.LandingPath(Samples.BusinessSubsidy)}']")).ToHaveCountAsync(1);
        await audit.CheckAsync(page, lang, "procedure list");

        await page.GotoAsync($"/status?tenant={Samples.Tenant}");
        await audit.CheckAsync(page, lang, "status page, form");
        await page.Locator("#receipt").FillAsync("0000-0000-0");
        await page.Locator("#code").FillAsync("wrong");
        var notFound = await page.RunAndWaitForResponseAsync(
            () => page.Locator("main form button[type=submit]").ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(422, notFound.Status);
        await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
        await audit.CheckAsync(page, lang, "status page, not found");

        var missing = await page.GotoAsync($"/p/{Samples.Tenant}/no-such-procedure");
        Assert.Equal(404, missing!.Status);
        await audit.CheckAsync(page, lang, "page not found");

        await page.GotoAsync($"/staff/login?lang={lang}");
        await audit.CheckAsync(page, lang, "staff sign-in");

        audit.AssertNoSeriousViolations();
    }

    [Theory]
    [InlineData("/css/portal.css", "text/css")]
    [InlineData("/js/portal.js", "javascript")]
    [InlineData("/css/staff.css", "text/css")]
    [InlineData("/_framework/blazor.web.js", "javascript")]
    public async Task Static_files_of_portal_and_back_office_are_served(string path, string contentType)
    {
        await using var context = await server.NewContextAsync();
        var response = await context.APIRequest.GetAsync(path);

        Assert.Equal(200, response.Status);
        Assert.Contains(contentType, response.Headers.GetValueOrDefault("content-type") ?? "", StringComparison.Ordinal);
    }

    internal sealed class Audit(ITestOutputHelper output)
    {
        private readonly List<string> _problems = [];

        public async Task CheckAsync(IPage page, string lang, string what)
        {
            await page.WaitForLoadStateAsync(LoadState.Load);
            var where = $"{what} [{lang}] {new Uri(page.Url).PathAndQuery}";
            var htmlLang = await page.Locator("html").GetAttributeAsync("lang");
            if (htmlLang != lang)
            {
                _problems.Add($"{where}: <html lang=\"{htmlLang}\">, expected \"{lang}\"");
            }

            var headings = await page.Locator("h1").CountAsync();
            if (headings != 1)
            {
                var text = await page.Locator("body").InnerTextAsync();
                _problems.Add($"{where}: {headings} h1 elements, expected exactly one. Page text: {text[..Math.Min(text.Length, 300)]}");
            }

            // Without its stylesheet a page would pass colour-contrast and focus checks it might fail for real.
            var styled = await page.EvaluateAsync<bool>(
                "() => [...document.querySelectorAll('link[rel=stylesheet]')].every(l => { try { return l.sheet.cssRules.length > 0; } catch { return false; } })");
            if (!styled)
            {
                _problems.Add($"{where}: a stylesheet did not load, so the page was not checked as users see it");
            }

            var result = await page.RunAxe();
            foreach (var violation in result.Violations)
            {
                var targets = string.Join(" | ", violation.Nodes.Select(n => n.Target?.ToString()));
                var line = $"{where}: {violation.Id} ({violation.Impact}) {violation.Help} → {targets}";
                if (violation.Impact is "serious" or "critical")
                {
                    _problems.Add(line);
                }
                else
                {
                    output.WriteLine("note: " + line);
                }
            }
        }

        public void AssertNoSeriousViolations() =>
            Assert.True(_problems.Count == 0, $"{_problems.Count} accessibility problem(s):\n{string.Join('\n', _problems)}");
    }
}
