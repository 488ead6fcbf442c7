using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

/// <summary>
/// The academy end to end, in a tenant of its own (so the publishing requirement it sets touches no other test): the
/// admin uploads the programme, requires the basics certification to publish and imports the staff list; a staff
/// member is refused publishing, completes the modules and the on-line quiz, is certified, and then publishes; the
/// department dashboard counts them.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class AcademyTests(MadoguchiServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task A_staff_member_completes_modules_and_a_quiz_is_certified_and_can_then_publish()
    {
        var audit = new AccessibilityTests.Audit(output);
        var slug = "academy" + Guid.NewGuid().ToString("N")[..8];
        var adminEmail = $"admin-{slug}@city.example.jp";
        var staffEmail = $"maker-{slug}@city.example.jp";
        const string Password = "academy e2e password 2026";
        await server.RunCommandAsync("tenant", "create", "--slug", slug, "--name", "研修市");
        await server.RunCommandAsync("admin", "create", "--email", adminEmail, "--tenant", slug, "--password", Password, "--name", "研修 管理者");
        await server.RunCommandAsync("admin", "create", "--email", staffEmail, "--tenant", slug, "--password", Password, "--role", "staff", "--name", "作成 花子");
        await server.RunCommandAsync("procedure", "import", "--tenant", slug, "templates/public-comment.json");

        // The admin sets up the programme, the publishing requirement and the staff list.
        await using var adminContext = await server.NewContextAsync();
        var admin = await adminContext.NewPageAsync();
        await BackOffice.LogInAsync(admin, adminEmail, Password);
        await admin.GotoAsync("/staff/admin/academy");
        await Expect(admin.Locator("#programme-none")).ToBeVisibleAsync();
        await admin.Locator("#programme-json").FillAsync("{\"tiers\": 3}");
        await admin.Locator("#programme-json").PressAsync("Tab");
        await admin.Locator("#programme-save").ClickAsync();
        await Expect(admin.Locator("#programme-problems")).ToContainTextAsync("$.tiers");
        await admin.Locator("#programme-file").SetInputFilesAsync(ProgrammePath());
        await Expect(admin.Locator("#programme-file-loaded")).ToContainTextAsync("programme.json");
        await admin.Locator("#programme-save").ClickAsync();
        await Expect(admin.Locator("#programme-summary")).ToBeVisibleAsync();
        await admin.Locator("#policy-publish").SelectOptionAsync("cert-basics");
        await admin.Locator("#policy-save").ClickAsync();
        await Expect(admin.Locator("#academy-message")).ToContainTextAsync("保存しました");
        await admin.Locator("#staff-csv").FillAsync($"職員番号,氏名,所属,階層,メールアドレス\nE2E-1,作成 花子,shimin,全職員,{staffEmail}\nE2E-2,見学 次郎,shimin,全職員,\n");
        await admin.Locator("#staff-csv").PressAsync("Tab");
        await admin.Locator("#staff-dry-run").ClickAsync();
        await Expect(admin.Locator("#import-result")).ToContainTextAsync("まだ保存していません");
        await admin.Locator("#staff-import").ClickAsync();
        await Expect(admin.Locator("#import-result")).ToContainTextAsync("取り込みました");
        await audit.CheckAsync(admin, "ja", "academy admin");

        // The staff member may not publish yet, and the learner page says what is missing.
        await using var staffContext = await server.NewContextAsync();
        var staff = await staffContext.NewPageAsync();
        await BackOffice.LogInAsync(staff, staffEmail, Password);
        await PublishAsync(staff);
        await Expect(staff.Locator("div.notice[role=status]")).ToContainTextAsync("デジタル基礎修了");
        await staff.GetByRole(AriaRole.Link, new() { Name = "人材育成", Exact = true }).ClickAsync();
        await Expect(staff.Locator("#right-publish")).ToContainTextAsync("デジタル基礎修了");
        await Expect(staff.Locator("#module-path-all-basics-quiz .module-status")).ToContainTextAsync("未開放");
        await audit.CheckAsync(staff, "ja", "learner page");

        foreach (var module in new[] { "dx-intro", "security-101", "data-101", "form-101" })
        {
            await staff.GotoAsync($"/staff/academy/modules/{module}");
            await staff.Locator("#module-complete").ClickAsync();
            await Expect(staff.Locator("#academy-message")).ToContainTextAsync("修了を記録しました");
            await Expect(staff.Locator("#module-status")).ToContainTextAsync("修了");
        }

        // The quiz: one wrong answer first (60 of 100, pass mark 80), then all right.
        await staff.GotoAsync("/staff/academy/modules/basics-quiz");
        await Expect(staff.Locator("#quiz-form")).ToBeVisibleAsync();
        await audit.CheckAsync(staff, "ja", "quiz");
        foreach (var id in new[] { "q-q1-a", "q-q2-a", "q-q3-a", "q-q4-a" })
        {
            await staff.Locator($"#{id}").CheckAsync();
        }

        await staff.Locator("#quiz-submit").ClickAsync();
        await Expect(staff.Locator("#academy-message")).ToContainTextAsync("60 点でした");
        await staff.Locator("#q-q4-b").CheckAsync();
        await staff.Locator("#quiz-submit").ClickAsync();
        await Expect(staff.Locator("#academy-message")).ToContainTextAsync("100 点で合格です");
        await Expect(staff.Locator("#academy-message")).ToContainTextAsync("デジタル基礎修了");

        await staff.GotoAsync("/staff/academy");
        await Expect(staff.Locator("#academy-certs")).ToContainTextAsync("デジタル基礎修了");
        await Expect(staff.Locator("#academy-tier-status")).ToContainTextAsync("学習中"); // the validated skill level is still missing
        await Expect(staff.Locator("#right-publish")).ToContainTextAsync("できます");
        await Expect(staff.Locator("#academy-hours")).ToContainTextAsync("8 時間");
        var download = await staff.RunAndWaitForDownloadAsync(() => staff.Locator("#academy-certs a").ClickAsync());
        var pdf = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);
        await audit.CheckAsync(staff, "ja", "learner page, certified");

        await staff.GotoAsync("/staff");
        await PublishAsync(staff);
        await Expect(staff.Locator("div.notice[role=status]")).ToContainTextAsync("公開");
        await Expect(staff.Locator("div.notice[role=status]")).Not.ToContainTextAsync("認定");

        // The department dashboard counts the new certification.
        await admin.GotoAsync("/staff/academy/dashboard");
        await Expect(admin.Locator("#dept-shimin .certified")).ToHaveTextAsync("1");
        await Expect(admin.Locator("#tier-all-staff .certified")).ToHaveTextAsync("1");
        await audit.CheckAsync(admin, "ja", "academy dashboard");

        audit.AssertNoSeriousViolations();
    }

    private static async Task PublishAsync(IPage page)
    {
        var row = page.Locator("table.grid tbody tr", new() { Has = page.Locator("code", new() { HasTextRegex = new Regex("^public-comment$") }) });
        await row.GetByRole(AriaRole.Button, new() { Name = "公開", Exact = true }).ClickAsync();
    }

    private static string ProgrammePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "academy", "programme.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("samples/academy/programme.json not found above " + AppContext.BaseDirectory);
    }
}
