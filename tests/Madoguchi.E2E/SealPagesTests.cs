using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

/// <summary>The seal pages (own seal, official seal) and the designer's 「文書」 panel in a browser, axe-checked.</summary>
[Collection(E2ECollection.Name)]
public sealed partial class SealPagesTests(MadoguchiServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task The_seal_pages_show_the_generated_seal_refuse_a_non_png_and_are_accessible()
    {
        var audit = new AccessibilityTests.Audit(output);
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        await BackOffice.LogInAsync(page, server);

        await page.Locator("#nav-seal").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("自分の印影（認印）");
        var preview = page.Locator("#seal-preview");
        await Expect(preview).ToBeVisibleAsync();
        await LoadedAsync(page);
        await audit.CheckAsync(page, "ja", "own seal");

        await page.Locator("#seal-file").SetInputFilesAsync(new FilePayload { Name = "seal.png", MimeType = "image/png", Buffer = "not a png at all"u8.ToArray() });
        await page.Locator("#seal-upload").ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("PNG形式");
        await audit.CheckAsync(page, "ja", "own seal with an upload error");

        await page.GotoAsync("/staff/admin/seal");
        await Expect(page.Locator("h1")).ToHaveTextAsync("公印（角印）");
        await LoadedAsync(page);
        await audit.CheckAsync(page, "ja", "official seal");
        audit.AssertNoSeriousViolations();
    }

    [Fact]
    public async Task The_documents_panel_shows_template_problems_with_paths_and_resets_to_the_built_in()
    {
        var tag = Samples.NewTag().ToLowerInvariant();
        await using var staff = await server.NewContextAsync();
        var page = await staff.NewPageAsync();
        await BackOffice.LogInAsync(page, server);
        await page.GotoAsync("/staff/designer/new");
        await page.Locator("#new-title").FillAsync($"文書 {tag}");
        await page.Locator("#new-slug").FillAsync($"docs-{tag}");
        await page.Locator("#new-start-template").CheckAsync();
        await page.Locator("#new-template").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("#new-create").ClickAsync();
        await Expect(page).ToHaveURLAsync(DesignerUrl());

        await page.Locator("#node-documents-row").ClickAsync();
        await Expect(page.Locator("#props-title")).ToHaveTextAsync("文書");
        var editor = page.Locator("#doc-notice-grant-json");
        await Expect(editor).ToHaveValueAsync(new Regex("交付決定通知書"));
        await Expect(page.Locator("#doc-notice-grant-preview")).ToBeVisibleAsync();

        // 「プレビュー（PDF）」 downloads the template rendered with sample data.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#doc-notice-grant-preview").ClickAsync());
        Assert.Equal("preview-notice-grant.pdf", download.SuggestedFilename);
        var path = await download.PathAsync();
        var head = new byte[5];
        await using (var file = File.OpenRead(path!))
        {
            await file.ReadExactlyAsync(head);
        }

        Assert.Equal("%PDF-"u8.ToArray(), head);

        var text = (await editor.InputValueAsync()).Replace("{{receiptNumber}}", "{{answers.noSuchField}}", StringComparison.Ordinal);
        await editor.FillAsync(text);
        await editor.PressAsync("Tab");
        await Expect(page.Locator("#doc-notice-grant-json-problems")).ToContainTextAsync("answers.noSuchField");
        await Expect(page.Locator("#doc-notice-grant-json-problems")).ToContainTextAsync("blocks[0].text");
        await Expect(page.Locator("#doc-notice-grant-state")).ToHaveTextAsync("この手続の書式");
        await Expect(page.Locator("#designer-problems")).Not.ToHaveTextAsync("エラーはありません");

        var result = await page.RunAxe(new AxeRunOptions { Iframes = false });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
        Assert.True(serious.Count == 0, "documents panel accessibility: " + string.Join('\n', serious));

        await page.Locator("#doc-notice-grant-reset").ClickAsync();
        await Expect(page.Locator("#doc-notice-grant-state")).ToHaveTextAsync("標準の書式");
        await Expect(page.Locator("#designer-problems")).ToHaveTextAsync("エラーはありません");
    }

    /// <summary>Waits until the preview image has loaded and decoded (a broken image never gets a natural width).</summary>
    private static async Task LoadedAsync(IPage page)
    {
        var loaded = await page.WaitForFunctionAsync("() => { const i = document.getElementById('seal-preview'); return !!(i && i.complete && i.naturalWidth > 0); }", null, new() { Timeout = 10000 });
        Assert.True(await loaded.JsonValueAsync<bool>(), "The seal preview did not load.");
    }

    [GeneratedRegex("/staff/designer/[0-9a-f-]{36}$")]
    private static partial Regex DesignerUrl();
}
