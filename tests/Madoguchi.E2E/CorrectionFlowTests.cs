using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

/// <summary>
/// The whole 補正 loop with two browser contexts side by side: the applicant submits; an officer asks for a correction
/// of one field; the applicant corrects it and resubmits; the officer and then the section chief approve through the
/// route's two steps and the chief grants. The applicant's status page follows every turn.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class CorrectionFlowTests(MadoguchiServer server, Xunit.Abstractions.ITestOutputHelper output)
{
    private static string ProcedureJson(string slug) => $$"""
        {
          "format": 1, "slug": "{{slug}}",
          "title": { "ja": "補正テスト手続", "en": "Correction test" },
          "department": { "ja": "福祉課", "en": "Welfare" },
          "processingDays": 10,
          "applicantNameField": "name",
          "pages": [
            { "id": "who", "title": { "ja": "申請者", "en": "Applicant" }, "fields": [
              { "id": "name", "type": "text", "label": { "ja": "氏名", "en": "Name" }, "required": true, "maxLength": 40 } ] },
            { "id": "what", "title": { "ja": "内容", "en": "Details" }, "fields": [
              { "id": "count", "type": "integer", "label": { "ja": "人数", "en": "People" }, "required": true, "min": 1, "max": 50 } ] }
          ],
          "route": {
            "applicantSeesSteps": true,
            "steps": [
              { "id": "review", "kind": "review", "label": { "ja": "担当者審査", "en": "Officer review" }, "department": "fukushi", "role": "tanto" },
              { "id": "chief", "kind": "approval", "label": { "ja": "課長決裁", "en": "Section chief approval" }, "department": "fukushi", "role": "kacho" }
            ]
          }
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

    private async Task<(string Email, string Password)> StaffAsync(string tag, string who, string name, string role)
    {
        var email = $"{who}-{tag}@e2e.madoguchi.jp";
        var password = $"{who}-password-{tag}";
        await server.RunCommandAsync("admin", "create", "--email", email, "--tenant", Samples.Tenant, "--password", password, "--role", "staff", "--name", name, "--department", "fukushi", "--roles", role);
        return (email, password);
    }

    private static async Task LogInAsync(IPage page, (string Email, string Password) staff)
    {
        await page.GotoAsync("/staff/login");
        await page.Locator("#email").FillAsync(staff.Email);
        await page.Locator("#password").FillAsync(staff.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/staff$"));
    }

    private static async Task OpenCaseAsync(IPage page, string slug, string receipt)
    {
        await BackOffice.SearchInboxAsync(page, slug, receipt);
        await BackOffice.InboxRows(page).GetByRole(AriaRole.Link, new() { Name = receipt, Exact = true }).ClickAsync();
        await Expect(page.Locator("#receipt-number")).ToHaveTextAsync(receipt);
    }

    /// <summary>The applicant looks the application up again (the status page is the answer to a POST).</summary>
    private static async Task<ILocator> StatusAsync(IPage page, Portal.Receipt receipt, string expectedStatus)
    {
        Assert.Equal(expectedStatus, await Portal.LookUpStatusAsync(page, receipt));
        return page.Locator("#status-timeline");
    }

    [Fact]
    public async Task Submit_review_correct_resubmit_and_approve_through_two_steps_with_applicant_and_staff_side_by_side()
    {
        var tag = Samples.NewTag();
        var slug = "correction-" + tag.ToLowerInvariant();
        var audit = new AccessibilityTests.Audit(output);
        await PublishAsync(slug);
        var officer = await StaffAsync(tag, "officer", "福祉 担当", "tanto");
        var chief = await StaffAsync(tag, "chief", "福祉 課長", "kacho");

        await using var applicantContext = await server.NewContextAsync();
        await using var officerContext = await server.NewContextAsync();
        var applicant = await applicantContext.NewPageAsync();
        var staff = await officerContext.NewPageAsync();

        // The applicant applies.
        var draft = await Portal.StartAsync(applicant, slug);
        await applicant.Locator("#f-name").FillAsync("窓口 花子");
        await Portal.PressNextAndArriveAsync(applicant, $"{draft}/2", "page 1");
        await applicant.Locator("#f-count").FillAsync("3");
        await Portal.PressNextAndArriveAsync(applicant, $"{draft}/confirm", "page 2");
        var receipt = await Portal.SubmitAsync(applicant);

        // The officer starts the review and asks for a correction of 人数 only.
        await LogInAsync(staff, officer);
        await OpenCaseAsync(staff, slug, receipt.Number);
        var status = staff.Locator("#case-status");
        await staff.Locator("#case-startreview").ClickAsync();
        await Expect(status).ToHaveTextAsync("審査中");
        await staff.Locator("#correction-form summary").ClickAsync();
        await staff.Locator("#correction-message").FillAsync("人数をご確認ください。");
        await staff.Locator("#flag-count").CheckAsync();
        await staff.Locator("#flag-comment-count").FillAsync("名簿では4人です。");
        await staff.Locator("#case-requestcorrection").ClickAsync();
        await Expect(status).ToHaveTextAsync("補正中");

        // The applicant sees the request, corrects the flagged field and resubmits.
        await StatusAsync(applicant, receipt, "補正依頼中");
        await Expect(applicant.Locator("#correction-request")).ToContainTextAsync("名簿では4人です。");
        await audit.CheckAsync(applicant, "ja", "status page with a correction request");
        await applicant.Locator("#start-correction").ClickAsync();
        await Expect(applicant).ToHaveURLAsync(new Regex("/d/[^/]+/2$")); // straight to the page with the flagged field
        var correction = Portal.DraftBase(applicant.Url);
        await Expect(applicant.Locator("#f-count-correction")).ToContainTextAsync("名簿では4人です。");
        await audit.CheckAsync(applicant, "ja", "correction form page");
        await applicant.Locator("#f-count").FillAsync("4");
        await Portal.PressNextAndArriveAsync(applicant, $"{correction}/confirm", "corrected page 2");
        await Expect(applicant.Locator("#correction-changes")).ToContainTextAsync("人数");
        await audit.CheckAsync(applicant, "ja", "correction confirmation page");
        await applicant.GetByRole(AriaRole.Button, new() { Name = "再提出する" }).ClickAsync();
        await Expect(applicant.Locator("h1")).ToHaveTextAsync("補正した申請を再提出しました");
        await audit.CheckAsync(applicant, "ja", "resubmitted page");
        var timeline = await StatusAsync(applicant, receipt, "審査中");
        await Expect(timeline).ToContainTextAsync("補正中");
        await Expect(timeline).ToContainTextAsync("再提出済み");

        // The officer sees what changed, reviews again and approves the first step.
        await staff.ReloadAsync();
        await Expect(status).ToHaveTextAsync("再提出済み");
        await Expect(staff.Locator("#answer-versions")).ToContainTextAsync("人数");
        await staff.Locator("#case-startreview").ClickAsync();
        await Expect(status).ToHaveTextAsync("審査中");
        await staff.Locator("#case-approve").ClickAsync();
        await Expect(staff.Locator("#case-step")).ToContainTextAsync("課長決裁");

        // The officer cannot also take the chief's step.
        await staff.Locator("#case-approve").ClickAsync();
        await Expect(staff.Locator("#case-message")).ToBeVisibleAsync();
        await Expect(staff.Locator("#case-step")).ToContainTextAsync("課長決裁");

        await StatusAsync(applicant, receipt, "審査中");
        await Expect(applicant.Locator("#status-step")).ToHaveTextAsync("現在の段階: 課長決裁（2/2）");
        await audit.CheckAsync(applicant, "ja", "status page with the current step");

        // The section chief approves and grants.
        await using (var chiefContext = await server.NewContextAsync())
        {
            var chiefPage = await chiefContext.NewPageAsync();
            await LogInAsync(chiefPage, chief);
            await OpenCaseAsync(chiefPage, slug, receipt.Number);
            var chiefStatus = chiefPage.Locator("#case-status");
            await chiefPage.Locator("#case-approve").ClickAsync();
            await Expect(chiefStatus).ToHaveTextAsync("決定待ち");
            await chiefPage.Locator("#case-decide-grant").ClickAsync();
            await Expect(chiefStatus).ToHaveTextAsync("承認");
        }

        timeline = await StatusAsync(applicant, receipt, "承認");
        await Expect(timeline.Locator("li").Last).ToContainTextAsync("承認");
        audit.AssertNoSeriousViolations();
    }
}
