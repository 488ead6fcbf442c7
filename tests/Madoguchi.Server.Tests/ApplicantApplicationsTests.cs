using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Applicants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Madoguchi.Server.Tests.ApplicantClient;
using static Madoguchi.Server.Tests.PortalFlowTests;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>"My applications", claiming a guest application, and the message thread for owners and guests.</summary>
public sealed class ApplicantApplicationsTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task My_applications_lists_only_the_accounts_own_and_others_get_404(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishSimpleAsync(tenant);
        var (alice, _) = await SignedInAsync(tenant);
        var (bob, _) = await SignedInAsync(tenant);

        var aliceReceipt = await SubmitSimpleAsync(alice, tenant.Slug, "有栖 花子");
        var bobReceipt = await SubmitSimpleAsync(bob, tenant.Slug, "坊 太郎");
        var guestReceipt = await SubmitSimpleAsync(PortalClient.Create(factory), tenant.Slug, "客 一郎");
        Assert.NotNull((await ApplicationAsync(tenant, aliceReceipt)).ApplicantAccountId);
        Assert.Null((await ApplicationAsync(tenant, guestReceipt)).ApplicantAccountId);

        var list = await alice.GetStringAsync($"/p/{tenant.Slug}/my");
        Assert.Contains(aliceReceipt, list, StringComparison.Ordinal);
        Assert.Contains("簡単な届出", list, StringComparison.Ordinal);
        Assert.Contains("受付済", list, StringComparison.Ordinal);
        Assert.DoesNotContain(bobReceipt, list, StringComparison.Ordinal);
        Assert.DoesNotContain(guestReceipt, list, StringComparison.Ordinal);

        var detail = await alice.GetStringAsync($"/p/{tenant.Slug}/my/{aliceReceipt}");
        Assert.Contains("id=\"status-timeline\"", detail, StringComparison.Ordinal);
        Assert.Contains("id=\"messages\"", detail, StringComparison.Ordinal);
        Assert.Contains("action=\"/status/withdraw\"", detail, StringComparison.Ordinal);
        Assert.DoesNotMatch("name=\"code\" value=\"[^\"]", detail); // the owner needs no code

        // Someone else's receipt (and a guest one) is "not found" for Alice, exactly like a made-up one.
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/p/{tenant.Slug}/my/{bobReceipt}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/p/{tenant.Slug}/my/{guestReceipt}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/p/{tenant.Slug}/my/ZZZZ-ZZZZ-Z")).StatusCode);

        // Withdrawing Bob's application with Alice's cookie and no code is refused.
        using (var steal = await PostFormAsync(alice, "/status/withdraw", detail, new() { ["tenant"] = tenant.Slug, ["receipt"] = bobReceipt, ["code"] = "" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, steal.StatusCode);
        }

        // The owner withdraws from the detail page (post/redirect/get).
        using (var withdraw = await PostFormAsync(alice, "/status/withdraw", detail, new() { ["tenant"] = tenant.Slug, ["receipt"] = aliceReceipt, ["code"] = "" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, withdraw.StatusCode);
        }

        Assert.Equal(ApplicationStatus.Withdrawn, (await ApplicationAsync(tenant, aliceReceipt)).Status);
        Assert.Equal(ApplicationStatus.Received, (await ApplicationAsync(tenant, bobReceipt)).Status);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_guest_application_is_claimed_with_its_receipt_and_code(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var (number, code) = await SubmitByApiAsync(tenant);
        var (alice, _) = await SignedInAsync(tenant);
        var (bob, _) = await SignedInAsync(tenant);
        var page = await alice.GetStringAsync($"/p/{tenant.Slug}/my");

        using (var wrong = await PostFormAsync(alice, $"/p/{tenant.Slug}/my/claim", page, new() { ["receipt"] = number, ["code"] = "0000-0000-0000-0000" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
            Assert.Contains("href=\"#claim-receipt\"", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var claim = await PostFormAsync(alice, $"/p/{tenant.Slug}/my/claim", page, new() { ["receipt"] = number, ["code"] = code }))
        {
            Assert.Equal(HttpStatusCode.Redirect, claim.StatusCode);
            Assert.Equal($"/p/{tenant.Slug}/my/{number}", claim.Headers.Location!.OriginalString);
        }

        Assert.Contains(number, await alice.GetStringAsync($"/p/{tenant.Slug}/my"), StringComparison.Ordinal);

        // Once claimed, another account cannot take it, even with the code.
        var bobPage = await bob.GetStringAsync($"/p/{tenant.Slug}/my");
        using (var taken = await PostFormAsync(bob, $"/p/{tenant.Slug}/my/claim", bobPage, new() { ["receipt"] = number, ["code"] = code }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, taken.StatusCode);
        }

        Assert.DoesNotContain(number, await bob.GetStringAsync($"/p/{tenant.Slug}/my"), StringComparison.Ordinal);
        var audit = await WithTenantAsync(tenant, (_, db) => db.AuditRecords.AsNoTracking().Where(r => r.Action == "application.claimed").CountAsync());
        Assert.Equal(1, audit);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_same_message_form_sent_twice_or_at_once_posts_one_message(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var (number, code) = await SubmitByApiAsync(tenant);
        var guest = PortalClient.Create(factory);
        var form = await guest.GetStringAsync($"/status?tenant={tenant.Slug}");
        string status;
        using (var look = await PostFormAsync(guest, "/status", form, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code }))
        {
            status = await look.Content.ReadAsStringAsync();
        }

        var key = System.Text.RegularExpressions.Regex.Match(status, "name=\"postKey\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        Assert.Equal(32, key.Length); // the rendered form carries its own key

        Dictionary<string, string> Post(string body) => new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code, ["body"] = body, ["postKey"] = key };
        using (var first = await PostFormAsync(guest, "/status/messages", status, Post("書類を郵送しました。")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var reload = await PostFormAsync(guest, "/status/messages", status, Post("書類を郵送しました。")))
        {
            Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        }

        // Four copies of another form arriving at the same moment.
        var otherKey = Guid.NewGuid().ToString("N");
        var sameMoment = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var response = await PostFormAsync(guest, "/status/messages", status, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code, ["body"] = "同時送信", ["postKey"] = otherKey });
            return response.StatusCode;
        }));
        Assert.Equal(4, sameMoment.Length);
        Assert.All(sameMoment, s => Assert.Equal(HttpStatusCode.OK, s));

        var bodies = await WithTenantAsync(tenant, (_, db) => db.CaseMessages.AsNoTracking().Select(m => m.Body).ToListAsync());
        Assert.Equal(1, bodies.Count(b => b == "書類を郵送しました。"));
        Assert.Equal(1, bodies.Count(b => b == "同時送信"));

        // A fresh form (a new key) posts a new message.
        using (var again = await PostFormAsync(guest, "/status/messages", status, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code, ["body"] = "追加の連絡です。", ["postKey"] = Guid.NewGuid().ToString("N") }))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        Assert.Equal(3, await WithTenantAsync(tenant, (_, db) => db.CaseMessages.AsNoTracking().CountAsync()));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Guest_with_receipt_and_code_exchanges_messages_but_never_sees_internal_notes(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var (number, code) = await SubmitByApiAsync(tenant);
        var guest = PortalClient.Create(factory);
        var form = await guest.GetStringAsync($"/status?tenant={tenant.Slug}");

        // A wrong code can neither read nor post.
        using (var wrong = await PostFormAsync(guest, "/status/messages", form, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = "0000-0000-0000-0000", ["body"] = "不正な投稿" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        }

        using (var noCode = await PostFormAsync(guest, "/status/messages", form, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = "", ["body"] = "不正な投稿" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, noCode.StatusCode);
        }

        Assert.Equal(0, await WithTenantAsync(tenant, (_, db) => db.CaseMessages.CountAsync()));

        using (var empty = await PostFormAsync(guest, "/status/messages", form, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code, ["body"] = "  " }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
            Assert.Contains("メッセージを入力してください", WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        using (var posted = await PostFormAsync(guest, "/status/messages", form, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code, ["body"] = "書類の提出方法を教えてください。" }))
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            var html = WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync());
            Assert.Contains("書類の提出方法を教えてください。", html, StringComparison.Ordinal);
            Assert.Contains("メッセージを送信しました。", html, StringComparison.Ordinal);
        }

        // Staff answer, and leave an internal note with an attachment.
        var application = await ApplicationAsync(tenant, number);
        var staffId = "staff:" + Guid.NewGuid();
        await WithTenantAsync(tenant, async (sp, _) =>
        {
            var messages = sp.GetRequiredService<CaseMessages>();
            var reply = await messages.PostAsync(application, MessageAuthorKind.Staff, staffId, "郵送でご提出ください。", false,
                [new("案内.pdf", "application/pdf", () => new MemoryStream(SmallPdf))], CancellationToken.None);
            Assert.Empty(reply.Errors);
            var note = await messages.PostAsync(application, MessageAuthorKind.Staff, staffId, "内部メモ：本人確認が未了", true,
                [new("memo.pdf", "application/pdf", () => new MemoryStream(SmallPdf))], CancellationToken.None);
            Assert.Empty(note.Errors);
            return 0;
        });

        using var status = await PostFormAsync(guest, "/status", form, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code });
        var page = WebUtility.HtmlDecode(await status.Content.ReadAsStringAsync());
        Assert.Contains("郵送でご提出ください。", page, StringComparison.Ordinal);
        Assert.Contains("案内.pdf", page, StringComparison.Ordinal);
        Assert.DoesNotContain("本人確認が未了", page, StringComparison.Ordinal);
        Assert.DoesNotContain("memo.pdf", page, StringComparison.Ordinal);
        Assert.DoesNotContain(staffId, page, StringComparison.Ordinal); // no staff names or ids

        // Downloads: the reply's attachment with the code; the internal note's never; not without the code.
        var (replyFile, noteFile) = await WithTenantAsync(tenant, async (_, db) =>
        {
            var files = await db.StoredFiles.AsNoTracking().Where(f => f.MessageId != null).ToListAsync();
            return (files.Single(f => f.OriginalName == "案内.pdf").Id, files.Single(f => f.OriginalName == "memo.pdf").Id);
        });
        using (var download = await PostFormAsync(guest, $"/status/files/{replyFile}", page, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code }))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal(SmallPdf, await download.Content.ReadAsByteArrayAsync());
        }

        using (var hidden = await PostFormAsync(guest, $"/status/files/{noteFile}", page, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code }))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        using (var noProof = await PostFormAsync(guest, $"/status/files/{replyFile}", page, new() { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = "0000-0000-0000-0000" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, noProof.StatusCode);
        }

        // Every post is audited without its text; the internal note raises no event.
        var (audit, events) = await WithTenantAsync(tenant, async (_, db) =>
            (await db.AuditRecords.AsNoTracking().Where(r => r.Action.StartsWith("message.")).ToListAsync(),
             await db.OutboxMessages.AsNoTracking().Where(m => m.Type == "application.message").ToListAsync()));
        Assert.Equal(3, audit.Count);
        Assert.Single(audit, r => r.Action == "message.internalNote");
        Assert.All(audit, r => Assert.DoesNotContain("提出", r.Details ?? "", StringComparison.Ordinal));
        Assert.Equal(2, events.Count);
        Assert.Equal(["applicant", "staff"], events.Select(e => (string)JsonNode.Parse(e.PayloadJson)!["from"]!).Order().ToArray());
        Assert.All(events, e => Assert.Equal(number, (string?)JsonNode.Parse(e.PayloadJson)!["receiptNumber"]));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Internal_notes_never_reach_the_owner_either(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishSimpleAsync(tenant);
        var (alice, _) = await SignedInAsync(tenant);
        var receipt = await SubmitSimpleAsync(alice, tenant.Slug);
        var application = await ApplicationAsync(tenant, receipt);
        await WithTenantAsync(tenant, async (sp, _) =>
            (await sp.GetRequiredService<CaseMessages>().PostAsync(application, MessageAuthorKind.Staff, "staff:x", "内部メモ：要確認事項あり", true, [], CancellationToken.None)).Errors.Count);

        var detailPath = $"/p/{tenant.Slug}/my/{receipt}";
        var detail = await alice.GetStringAsync(detailPath);
        Assert.DoesNotContain("要確認事項", WebUtility.HtmlDecode(detail), StringComparison.Ordinal);
        Assert.Contains("id=\"no-messages\"", detail, StringComparison.Ordinal);
        var list = await alice.GetStringAsync($"/p/{tenant.Slug}/my");
        Assert.DoesNotContain("要確認事項", WebUtility.HtmlDecode(list), StringComparison.Ordinal);

        // The owner posts without a code and is sent back to the detail page.
        using (var posted = await PostFormAsync(alice, "/status/messages", detail, new() { ["tenant"] = tenant.Slug, ["receipt"] = receipt, ["code"] = "", ["body"] = "よろしくお願いします。" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            Assert.StartsWith(detailPath, posted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var after = WebUtility.HtmlDecode(await alice.GetStringAsync(detailPath + "?done=message"));
        Assert.Contains("よろしくお願いします。", after, StringComparison.Ordinal);
        Assert.DoesNotContain("要確認事項", after, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_attachment_of_the_wrong_type_is_refused_in_both_languages_and_nothing_is_stored(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var (number, code) = await SubmitByApiAsync(tenant);
        var guest = PortalClient.Create(factory);
        var form = await guest.GetStringAsync($"/status?tenant={tenant.Slug}");
        var filesBefore = Directory.GetFiles(factory.DataDirectory, "*", SearchOption.AllDirectories).Length;
        var fields = new Dictionary<string, string> { ["tenant"] = tenant.Slug, ["receipt"] = number, ["code"] = code, ["body"] = "実行ファイルを添付します" };
        var exe = "MZ\u0090\0\u0003\0\0\0"u8.ToArray().Concat(new byte[64]).ToArray();

        using (var ja = await PostMultipartAsync(guest, "/status/messages", form, new(fields), ("attachment", "tool.pdf", exe)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, ja.StatusCode);
            var html = WebUtility.HtmlDecode(await ja.Content.ReadAsStringAsync());
            Assert.Contains("href=\"#message-attachment\"", html, StringComparison.Ordinal);
            Assert.Contains("添付ファイル", html, StringComparison.Ordinal);
            Assert.Contains("実行ファイルを添付します", html, StringComparison.Ordinal); // the text is kept
        }

        var english = await guest.GetStringAsync($"/status?tenant={tenant.Slug}&lang=en");
        using (var en = await PostMultipartAsync(guest, "/status/messages", english, new(fields), ("attachment", "tool.pdf", exe)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, en.StatusCode);
            var html = WebUtility.HtmlDecode(await en.Content.ReadAsStringAsync());
            Assert.Contains("Attachment", html, StringComparison.Ordinal);
            Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        }

        Assert.Equal(0, await WithTenantAsync(tenant, (_, db) => db.CaseMessages.CountAsync()));
        Assert.Equal(0, await WithTenantAsync(tenant, (_, db) => db.StoredFiles.CountAsync(f => f.MessageId != null)));
        Assert.Equal(filesBefore, Directory.GetFiles(factory.DataDirectory, "*", SearchOption.AllDirectories).Length);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Receipts_and_messages_of_one_tenant_are_invisible_from_another(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenantA = await factory.CreateTenantAsync();
        var tenantB = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenantA);
        var (number, code) = await SubmitByApiAsync(tenantA);
        var guest = PortalClient.Create(factory);
        var form = await guest.GetStringAsync($"/status?tenant={tenantB.Slug}");

        // Tenant B's portal does not know A's receipt, even with the right code.
        using (var status = await PostFormAsync(guest, "/status", form, new() { ["tenant"] = tenantB.Slug, ["receipt"] = number, ["code"] = code }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status.StatusCode);
        }

        using (var post = await PostFormAsync(guest, "/status/messages", form, new() { ["tenant"] = tenantB.Slug, ["receipt"] = number, ["code"] = code, ["body"] = "越境" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, post.StatusCode);
        }

        var (bobClient, _) = await SignedInAsync(tenantB);
        var bobPage = await bobClient.GetStringAsync($"/p/{tenantB.Slug}/my");
        using (var claim = await PostFormAsync(bobClient, $"/p/{tenantB.Slug}/my/claim", bobPage, new() { ["receipt"] = number, ["code"] = code }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, claim.StatusCode);
        }

        Assert.Equal(0, await WithTenantAsync(tenantA, (_, db) => db.CaseMessages.CountAsync()));
        Assert.Null((await ApplicationAsync(tenantA, number)).ApplicantAccountId);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_procedure_that_requires_an_account_sends_guests_to_sign_in_first(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishSimpleAsync(tenant, "members", requiresAccount: true);
        var guest = PortalClient.Create(factory);
        var landing = await guest.GetStringAsync($"/p/{tenant.Slug}/members");
        using (var start = await PostFormAsync(guest, $"/p/{tenant.Slug}/members/start", landing, new()))
        {
            Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
            Assert.Equal($"/p/{tenant.Slug}/account/login?returnUrl=%2Fp%2F{tenant.Slug}%2Fmembers", start.Headers.Location!.OriginalString);
        }

        Assert.Equal(0, await WithTenantAsync(tenant, (_, db) => db.Drafts.CountAsync()));
        var (member, _) = await SignedInAsync(tenant);
        var receipt = await SubmitSimpleAsync(member, tenant.Slug, slug: "members");
        Assert.NotNull((await ApplicationAsync(tenant, receipt)).ApplicantAccountId);
    }

    private static async Task<(string Number, string Code)> SubmitByApiAsync(TestTenant tenant)
    {
        using var created = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers()));
        var receipt = await ReadJsonAsync(created);
        return ((string)receipt["receiptNumber"]!, (string)receipt["accessCode"]!);
    }
}
