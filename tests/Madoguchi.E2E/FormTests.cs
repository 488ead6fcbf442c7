using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

[Collection(E2ECollection.Name)]
public sealed class FormTests(MadoguchiServer server)
{
    [Fact]
    public async Task Business_subsidy_page_with_bad_corporate_number_and_missing_name_is_returned_with_errors_and_values_kept()
    {
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        await Applicants.SignUpAsync(page, server); // the subsidy requires an applicant account
        await Portal.StartAsync(page, Samples.BusinessSubsidy);
        var answers = Samples.BusinessSubsidyPage1("ignored")
            .Where(a => a.FieldId != "corporateName")
            .Select(a => a.FieldId == "corporateNumber" ? new Answer.Type("corporateNumber", "1234567890123") : a)
            .ToList();
        await Portal.FillAsync(page, answers);

        var response = await Portal.PressNextAsync(page);

        Assert.Equal(422, response.Status);
        Assert.Matches(Portal.FormPageUrl(), page.Url);
        var summary = page.Locator("#error-summary");
        await Expect(summary).ToBeVisibleAsync();
        await Expect(summary).ToHaveAttributeAsync("role", "alert");
        await Expect(summary.Locator("a[href='#f-corporateNumber']")).ToHaveCountAsync(1);
        await Expect(summary.Locator("a[href='#f-corporateName']")).ToHaveCountAsync(1);
        await Expect(page.Locator(".error-message")).ToHaveCountAsync(2);
        await Expect(page.Locator("#f-corporateNumber-error.error-message")).ToBeVisibleAsync();
        await Expect(page.Locator("#f-corporateName-error.error-message")).ToBeVisibleAsync();
        await Expect(page.Locator("#f-corporateNumber")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#f-corporateName")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^エラー: "));

        // What was typed is still there, the wrong value included, so the applicant only corrects.
        await Expect(page.Locator("#f-corporateNumber")).ToHaveValueAsync("1234567890123");
        await Expect(page.Locator("#f-corporateName")).ToHaveValueAsync("");
        foreach (var answer in answers.OfType<Answer.Type>().Where(a => a.FieldId != "corporateNumber"))
        {
            await Expect(page.Locator($"#f-{answer.FieldId}")).ToHaveValueAsync(answer.Value);
        }

        // Keyboard: the first link of the summary, followed with Enter, puts the focus on its field.
        var first = summary.Locator("a").First;
        var target = (await first.GetAttributeAsync("href"))!;
        await first.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"{target}$"));
        await Expect(page.Locator(target)).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Saved_draft_is_restored_from_its_link_in_a_new_browser()
    {
        var tag = Samples.NewTag();
        var answers = Samples.ResidentRecordCopyPage1($"佐藤　花子{tag}");
        string pageUrl;
        await using (var first = await server.NewContextAsync())
        {
            var page = await first.NewPageAsync();
            await Portal.StartAsync(page, Samples.ResidentRecordCopy);
            pageUrl = page.Url;
            await Portal.FillAsync(page, answers);
            await page.GetByRole(AriaRole.Button, new() { Name = Portal.SaveButton }).ClickAsync();
            await Expect(page).ToHaveURLAsync($"{pageUrl}?saved=1");
            await Expect(page.Locator("[role=status]")).ToContainTextAsync("一時保存しました");
        }

        await using var second = await server.NewContextAsync();
        var resumed = await second.NewPageAsync();
        var response = await resumed.GotoAsync(pageUrl);

        Assert.Equal(200, response!.Status);
        foreach (var answer in answers.OfType<Answer.Type>())
        {
            await Expect(resumed.Locator($"#f-{answer.FieldId}")).ToHaveValueAsync(answer.Value);
        }
    }
}
