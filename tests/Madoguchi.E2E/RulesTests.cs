using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

/// <summary>
/// The template 補助金交付申請 in a real browser with JavaScript: the corporate section appears and disappears as the
/// applicant answers, the page about earlier grants is skipped when there were none, and the subsidy is calculated
/// while amounts are typed — the same answers the server computes.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class RulesTests(MadoguchiServer server)
{
    private const string Slug = "subsidy-application";

    [Fact]
    public async Task Conditions_branches_and_calculations_follow_the_answers_live()
    {
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        await Applicants.SignUpAsync(page, server); // the template requires an applicant account
        var baseUrl = await Portal.StartAsync(page, Slug);

        var corporate = page.Locator("#f-corporateNumber");
        await Expect(corporate).ToBeHiddenAsync();
        var url = page.Url;
        await page.Locator("input[name='a.applicantType'][value='corporation']").CheckAsync();
        await Expect(corporate).ToBeVisibleAsync();
        await page.Locator("input[name='a.applicantType'][value='individual']").CheckAsync();
        await Expect(corporate).ToBeHiddenAsync();
        Assert.Equal(url, page.Url); // no round trip was needed

        await page.Locator("#f-businessName").FillAsync("山田製作所");
        await page.Locator("#f-representative\\.family").FillAsync("山田");
        await page.Locator("#f-representative\\.given").FillAsync("太郎");
        await page.Locator("#f-representative\\.familyKana").FillAsync("ヤマダ");
        await page.Locator("#f-representative\\.givenKana").FillAsync("タロウ");
        await page.Locator("#f-employees").FillAsync("12");
        await page.Locator("#f-businessAddress\\.postalCode").FillAsync("100-0001");
        await page.Locator("#f-businessAddress\\.prefecture").SelectOptionAsync("東京都");
        await page.Locator("#f-businessAddress\\.city").FillAsync("千代田区");
        await page.Locator("#f-businessAddress\\.street").FillAsync("千代田1-1");
        await page.Locator("#f-phone").FillAsync("03-1234-5678");
        await page.Locator("#f-email").FillAsync("yamada@example.jp");
        await page.Locator("input[name='a.receivedBefore'][value='no']").CheckAsync();
        var next = await Portal.PressNextAsync(page);
        Assert.Equal(302, next.Status);

        // No earlier grant: the page about it (page 2) is skipped.
        await Expect(page).ToHaveURLAsync($"{baseUrl}/3");

        var total = page.Locator("#f-totalCost");
        var subsidy = page.Locator("#f-subsidyAmount");
        await page.Locator("#f-expenses\\[0\\]\\.amount").FillAsync("600000");
        await Expect(total).ToContainTextAsync("600,000");
        await Expect(subsidy).ToContainTextAsync("400,000");
        await page.Locator("#f-expenses\\[0\\]\\.amount").FillAsync("6,000,000");
        await Expect(subsidy).ToContainTextAsync("3,000,000"); // the cap

        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }
}
