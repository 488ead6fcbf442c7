using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

/// <summary>
/// sealPolicy "declaration" in a real browser: the landing page says a declaration is needed; the confirmation page
/// refuses to submit without the tick (error summary, focus, axe-clean) and accepts with it.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class SealPolicyTests(MadoguchiServer server, Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Declaration = "記載事項は事実に相違ありません。";

    private static string ProcedureJson(string slug) => $$"""
        {
          "format": 1, "slug": "{{slug}}",
          "title": { "ja": "宣誓テスト手続", "en": "Declaration test" },
          "department": { "ja": "市民課", "en": "Citizens" },
          "sealPolicy": "declaration",
          "declaration": { "ja": "{{Declaration}}", "en": "All of the above is true." },
          "applicantNameField": "name",
          "pages": [
            { "id": "who", "title": { "ja": "申請者", "en": "Applicant" }, "fields": [
              { "id": "name", "type": "text", "label": { "ja": "氏名", "en": "Name" }, "required": true, "maxLength": 40 } ] }
          ]
        }
        """;

    private async Task PublishAsync(string slug)
    {
        var secret = (await server.RunCommandAsync("apikey", "create", "--name", "e2e-" + slug, "--tenant", Samples.Tenant)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using (var created = await http.PostAsync(new Uri("/api/v1/procedures", UriKind.Relative), new StringContent(ProcedureJson(slug), Encoding.UTF8, "application/json")))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        using var published = await http.PostAsync(new Uri($"/api/v1/procedures/{slug}/publish", UriKind.Relative), null);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_declaration_procedure_refuses_confirmation_without_the_tick_and_accepts_it_with_the_tick()
    {
        var tag = Samples.NewTag();
        var slug = "declaration-" + tag.ToLowerInvariant();
        var audit = new AccessibilityTests.Audit(output);
        await PublishAsync(slug);

        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Portal.LandingPath(slug));
        await Expect(page.Locator("#seal-policy")).ToContainTextAsync("申請内容が正しいことを宣誓するチェックが必要です");

        var draft = await Portal.StartAsync(page, slug);
        await page.Locator("#f-name").FillAsync("宣誓 花子");
        await Portal.PressNextAndArriveAsync(page, $"{draft}/confirm", "page 1");
        var checkbox = page.GetByRole(AriaRole.Checkbox, new() { Name = Declaration });
        await Expect(checkbox).Not.ToBeCheckedAsync();
        await audit.CheckAsync(page, "ja", "confirmation page with a declaration");

        // Without the tick: the same page with the error summary, and nothing submitted.
        await page.GetByRole(AriaRole.Button, new() { Name = Portal.SubmitButton, Exact = true }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("宣誓の内容を確認し、チェックを入れてください。");
        Assert.DoesNotContain("/done", page.Url, StringComparison.Ordinal);
        await Expect(checkbox).ToHaveAttributeAsync("aria-invalid", "true");
        await audit.CheckAsync(page, "ja", "confirmation page, declaration not ticked");

        // The summary's link takes the keyboard to the checkbox; ticking it with the space bar and submitting works.
        await page.Locator("#error-summary a[href='#declared']").ClickAsync();
        await Expect(checkbox).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(checkbox).ToBeCheckedAsync();
        var receipt = await Portal.SubmitAsync(page);
        Assert.False(string.IsNullOrEmpty(receipt.Number));
        audit.AssertNoSeriousViolations();
    }
}
