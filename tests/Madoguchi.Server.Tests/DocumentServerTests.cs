using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Cases;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Documents.Rendering;
using Madoguchi.Documents.Signing;
using Madoguchi.Documents.Templates;
using Madoguchi.Documents.Verification;
using Madoguchi.Server.Features.Admin;
using Madoguchi.Server.Features.Cases;
using Madoguchi.Server.Features.Documents;
using Madoguchi.Server.Features.Staff;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>
/// Official documents in the server: decision documents signed at each approval, notices on the decision, downloads
/// for applicants and staff, and the public verification (checked with poppler's pdfsig and the library verifier).
/// </summary>
public sealed class DocumentServerTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private const string ThreeStepRoute = """
        {"steps": [
          {"id": "review", "kind": "review", "label": {"ja": "担当者審査"}, "role": "staff"},
          {"id": "chief", "kind": "approval", "label": {"ja": "係長決裁"}, "role": "chief"},
          {"id": "head", "kind": "approval", "label": {"ja": "課長決裁"}, "role": "head"}
        ]}
        """;

    private static async Task PublishWithRouteAsync(TestTenant tenant, string slug, string route)
    {
        var definition = JsonNode.Parse(AllTypesJson(slug))!.AsObject();
        definition["route"] = JsonNode.Parse(route);
        using var create = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(definition.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(create.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await create.Content.ReadAsStringAsync());
        using var publish = await tenant.Api.PostAsync($"/api/v1/procedures/{slug}/publish", null);
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
    }

    private static async Task<(Guid Id, string Receipt, string Code)> SubmitOneAsync(TestTenant tenant, string slug)
    {
        using var created = await SubmitAsync(tenant.Api, slug, Body(ValidAnswers()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var receipt = await ReadJsonAsync(created);
        return (receipt["id"]!.GetValue<Guid>(), (string)receipt["receiptNumber"]!, (string)receipt["accessCode"]!);
    }

    private static async Task<Actor> StaffAsync(TestTenant tenant, string name, string? roleCode = null)
    {
        using var scope = tenant.Factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (roleCode is not null && !await db.StaffRoles.AnyAsync(r => r.Code == roleCode))
        {
            db.StaffRoles.Add(new StaffRole { Id = Guid.NewGuid(), Code = roleCode, NameJa = roleCode == "chief" ? "係長" : "課長", Rank = 10 });
            await db.SaveChangesAsync();
        }

        var email = $"{Guid.NewGuid():N}@example.jp";
        var (ok, errors) = await AccountCommands.CreateUserAsync(scope.ServiceProvider, tenant.Id, email, name, "correct horse battery staple", Madoguchi.Server.Features.Accounts.Roles.Staff, null, roleCode);
        Assert.True(ok, string.Join("; ", errors));
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
        return Actor.Staff(StaffDirectory.ActorId(user.Id), [roleCode ?? "staff"]);
    }

    private static async Task<CaseActionResult> ActAsync(TestTenant tenant, Guid id, CaseCommand command, Actor actor)
    {
        using var scope = tenant.Factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var result = await scope.ServiceProvider.GetRequiredService<CaseService>().ApplyAsync(id, command, actor, null, CancellationToken.None);
        Assert.True(result.Outcome == CaseActionOutcome.Applied, $"{command.Kind}: {result.Outcome} {result.Refusal?.Message.Ja}");
        return result;
    }

    private static async Task<List<IssuedDocument>> DocumentsAsync(TestTenant tenant, Guid applicationId)
    {
        using var scope = tenant.Factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.IssuedDocuments.AsNoTracking().Where(d => d.ApplicationId == applicationId).OrderBy(d => d.Kind).ThenBy(d => d.Revision).ToListAsync();
    }

    private static byte[] Bytes(TestTenant tenant, IssuedDocument document)
    {
        var store = tenant.Factory.Services.GetRequiredService<FileStore>();
        using var stream = store.OpenRead(document.StorageKey);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>pdfsig's verdict for each signature, in order.</summary>
    private static List<string> PdfSig(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), "madoguchi-sig-" + Guid.NewGuid().ToString("N") + ".pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            var info = new ProcessStartInfo("pdfsig") { RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(file);
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return [.. output.Split('\n').Where(l => l.Contains("- Signature Validation:", StringComparison.Ordinal)).Select(l => l.Split(':', 2)[1].Trim())];
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string PdfText(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), "madoguchi-txt-" + Guid.NewGuid().ToString("N") + ".pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            var info = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true };
            foreach (var a in new[] { "-enc", "UTF-8", file, "-" })
            {
                info.ArgumentList.Add(a);
            }

            using var process = Process.Start(info)!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<JsonObject> VerifyAsync(HttpClient client, string tenantSlug, byte[] file, string name = "notice.pdf")
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent(file), "file", name } };
        using var response = await client.PostAsync($"/api/v1/documents/verify?tenant={tenantSlug}", content);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Each_approval_adds_a_signature_to_the_decision_document_and_earlier_ones_stay_valid(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishWithRouteAsync(tenant, "three-steps", ThreeStepRoute);
        var (id, _, _) = await SubmitOneAsync(tenant, "three-steps");
        var sato = await StaffAsync(tenant, "佐藤 花子");
        var suzuki = await StaffAsync(tenant, "鈴木 一郎", "chief");
        var takahashi = await StaffAsync(tenant, "髙橋 次郎", "head");

        await ActAsync(tenant, id, new StartReview(), sato);
        Assert.Empty(await DocumentsAsync(tenant, id)); // nothing is issued before the first approval
        await ActAsync(tenant, id, new ApproveStep("確認しました。"), sato);
        await ActAsync(tenant, id, new ApproveStep(), suzuki);
        await ActAsync(tenant, id, new ApproveStep(), takahashi);

        var decisions = (await DocumentsAsync(tenant, id)).Where(d => d.Kind == IssuedDocumentKind.Decision).ToList();
        Assert.Equal([1, 2, 3], decisions.Select(d => d.Revision));
        Assert.Equal([1, 2, 3], decisions.Select(d => d.SignatureCount));
        Assert.Equal([decisions[1].Id, decisions[2].Id, (Guid?)null], decisions.Select(d => d.SupersededById));
        var thumbprint = factory.Services.GetRequiredService<SigningIdentityProvider>().Thumbprint;
        Assert.All(decisions, d => Assert.Equal(thumbprint, d.SignerThumbprint));

        for (var i = 0; i < decisions.Count; i++)
        {
            var bytes = Bytes(tenant, decisions[i]);
            Assert.Equal(decisions[i].Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
            var verdicts = PdfSig(bytes);
            Assert.Equal(i + 1, verdicts.Count);
            Assert.All(verdicts, v => Assert.Equal("Signature is Valid.", v));
            var report = PdfSignatureVerifier.Verify(bytes);
            Assert.True(report.AllValid, string.Join("; ", report.Findings.Select(f => f.Ja)));
            if (i > 0)
            {
                // The revision only appends: the previous one is a prefix of it, byte for byte.
                var previous = Bytes(tenant, decisions[i - 1]);
                Assert.True(bytes.AsSpan(0, previous.Length).SequenceEqual(previous));
            }
        }

        var last = PdfSignatureVerifier.Verify(Bytes(tenant, decisions[^1]));
        Assert.Equal(["佐藤 花子", "鈴木 一郎（係長）", "髙橋 次郎（課長）"], last.Signatures.Select(s => s.SignerName));
        var text = PdfText(Bytes(tenant, decisions[0]));
        Assert.Contains("起案書", text, StringComparison.Ordinal);
        Assert.Contains("佐藤 花子", text, StringComparison.Ordinal);

        using var scope = factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var key = id.ToString();
        Assert.Equal(3, await db.AuditRecords.CountAsync(a => a.EntityId == key && a.Action == "document.issued"));
        Assert.Equal(3, await db.AuditRecords.CountAsync(a => a.EntityId == key && a.Action == "document.signed"));
        Assert.Equal(3, await db.OutboxMessages.CountAsync(o => o.Type == "document.issued" && o.PayloadJson.Contains(key)));

        // An issued document is immutable.
        var row = await db.IssuedDocuments.SingleAsync(d => d.Id == decisions[0].Id);
        row.Sha256 = new string('0', 64);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_grant_issues_a_sealed_signed_notice_and_the_applicant_is_told(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var (id, _, _) = await SubmitOneAsync(tenant, AllTypesSlug);
        var staff = await StaffAsync(tenant, "佐藤 花子");
        await ActAsync(tenant, id, new StartReview(), staff);
        await ActAsync(tenant, id, new ApproveStep(), staff);
        await ActAsync(tenant, id, new Decide(CaseOutcome.Grant), staff);

        var notice = Assert.Single(await DocumentsAsync(tenant, id), d => d.Kind == IssuedDocumentKind.Notice);
        Assert.Equal("notice-grant", notice.TemplateId);
        Assert.Equal(1, notice.SignatureCount);
        var bytes = Bytes(tenant, notice);
        Assert.Equal(["Signature is Valid."], PdfSig(bytes));
        var text = PdfText(bytes);
        Assert.Contains("交付決定通知書", text, StringComparison.Ordinal);
        Assert.Contains("山田 太郎 様", text, StringComparison.Ordinal);
        var signature = Assert.Single(PdfSignatureVerifier.Verify(bytes).Signatures);
        Assert.StartsWith("テスト市 ", signature.SignerName, StringComparison.Ordinal);
        Assert.EndsWith("長", signature.SignerName, StringComparison.Ordinal);

        await factory.Services.GetRequiredService<Madoguchi.Server.Features.Notifications.OutboxDispatcher>().DispatchAsync(CancellationToken.None);
        using var scope = factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var told = Assert.Single(await db.Notifications.AsNoTracking().Where(n => n.ApplicationId == id && n.Event == "noticeIssued").ToListAsync());
        Assert.Equal("taro@example.jp", told.Recipient);
        Assert.Contains("通知書", told.Subject, StringComparison.Ordinal);
        Assert.Contains("/status", told.Body, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_procedure_with_its_own_permit_template_and_an_uploaded_official_seal_issues_that_permit_with_that_seal(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        const string slug = "permit-docs";
        var definition = JsonNode.Parse(AllTypesJson(slug))!.AsObject();
        var permit = JsonNode.Parse(Madoguchi.Server.Features.Seals.ProcedureTemplates.BuiltInJson("notice-permit"))!.AsObject();
        permit["blocks"]!.AsArray().Add(new JsonObject { ["type"] = "paragraph", ["text"] = "この許可書は当市独自の書式です。" });
        definition["documents"] = new JsonObject { ["notice-permit"] = permit };
        using (var create = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(definition.ToJsonString(), System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.True(create.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await create.Content.ReadAsStringAsync());
        }

        using (var publish = await tenant.Api.PostAsync($"/api/v1/procedures/{slug}/publish", null))
        {
            Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        }

        using (var scope = factory.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
            var store = scope.ServiceProvider.GetRequiredService<Madoguchi.Server.Features.Seals.SealStore>();
            Assert.Null(await store.UploadAsync(SealOwnerKind.Official, null, SealUploadTests.Png(120, 120), "staff:test", CancellationToken.None));
        }

        var (id, _, _) = await SubmitOneAsync(tenant, slug);
        var staff = await StaffAsync(tenant, "佐藤 花子");
        await ActAsync(tenant, id, new StartReview(), staff);
        await ActAsync(tenant, id, new ApproveStep(), staff);
        await ActAsync(tenant, id, new Decide(CaseOutcome.Grant), staff);

        var notice = Assert.Single(await DocumentsAsync(tenant, id), d => d.Kind == IssuedDocumentKind.Notice);
        Assert.Equal("notice-permit", notice.TemplateId);
        var bytes = Bytes(tenant, notice);
        Assert.Equal(["Signature is Valid."], PdfSig(bytes));
        var text = PdfText(bytes);
        Assert.Contains("許可書", text, StringComparison.Ordinal);
        Assert.Contains("この許可書は当市独自の書式です。", text, StringComparison.Ordinal);

        // The uploaded 120×120 PNG is the seal on the page (generated seals are vector drawings, not images).
        var path = Path.Combine(Path.GetTempPath(), "madoguchi-permit-" + Guid.NewGuid().ToString("N") + ".pdf");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var list = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdfimages", ["-list", path]) { RedirectStandardOutput = true })!;
            var output = await list.StandardOutput.ReadToEndAsync();
            await list.WaitForExitAsync();
            Assert.Equal(0, list.ExitCode);
            Assert.Contains(output.Split('\n').Skip(2), line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^\s*1\s+\d+\s+\w+\s+120\s+120\s"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_refusal_issues_the_rejection_notice_with_the_reason(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var (id, _, _) = await SubmitOneAsync(tenant, AllTypesSlug);
        var staff = await StaffAsync(tenant, "佐藤 花子");
        await ActAsync(tenant, id, new StartReview(), staff);
        await ActAsync(tenant, id, new ApproveStep(), staff);
        await ActAsync(tenant, id, new Decide(CaseOutcome.Refuse, "所得要件を満たしていないため。"), staff);

        var notice = Assert.Single(await DocumentsAsync(tenant, id), d => d.Kind == IssuedDocumentKind.Notice);
        Assert.Equal("notice-rejection", notice.TemplateId);
        var bytes = Bytes(tenant, notice);
        Assert.Equal(["Signature is Valid."], PdfSig(bytes));
        var text = PdfText(bytes);
        Assert.Contains("不承認通知書", text, StringComparison.Ordinal);
        Assert.Contains("所得要件を満たしていないため。", text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Downloads_need_the_applications_own_access_and_are_audited(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var (id, receipt, code) = await SubmitOneAsync(tenant, AllTypesSlug);
        var (_, otherReceipt, otherCode) = await SubmitOneAsync(tenant, AllTypesSlug);
        var staff = await StaffAsync(tenant, "佐藤 花子");
        await ActAsync(tenant, id, new StartReview(), staff);
        await ActAsync(tenant, id, new ApproveStep(), staff);
        await ActAsync(tenant, id, new Decide(CaseOutcome.Grant), staff);
        var notice = Assert.Single(await DocumentsAsync(tenant, id), d => d.Kind == IssuedDocumentKind.Notice);
        var decision = Assert.Single(await DocumentsAsync(tenant, id), d => d.Kind == IssuedDocumentKind.Decision);

        var client = PortalClient.Create(factory);
        var page = await client.GetStringAsync($"/status?tenant={tenant.Slug}");
        using (var status = await PortalFlowTests.PostFormAsync(client, "/status", page, new() { ["tenant"] = tenant.Slug, ["receipt"] = receipt, ["code"] = code }))
        {
            var html = await status.Content.ReadAsStringAsync();
            Assert.Contains($"action=\"/status/documents/{notice.Id}\"", html, StringComparison.Ordinal);
            Assert.Contains("action=\"/status/documents/copy\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain(decision.Id.ToString(), html, StringComparison.Ordinal); // the decision document is internal
        }

        using (var download = await PortalFlowTests.PostFormAsync(client, $"/status/documents/{notice.Id}", page, new() { ["tenant"] = tenant.Slug, ["receipt"] = receipt, ["code"] = code }))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal(notice.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await download.Content.ReadAsByteArrayAsync())));
        }

        // Another application's receipt and code, a wrong code, or the decision document: all answer like a missing one.
        foreach (var (r, c, docId) in new[] { (otherReceipt, otherCode, notice.Id), (receipt, "0000-0000-0000-0000", notice.Id), (receipt, code, decision.Id) })
        {
            using var refused = await PortalFlowTests.PostFormAsync(client, $"/status/documents/{docId}", page, new() { ["tenant"] = tenant.Slug, ["receipt"] = r, ["code"] = c });
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        // Another tenant cannot reach it with the right receipt and code either.
        var other = await factory.CreateTenantAsync();
        using (var foreign = await PortalFlowTests.PostFormAsync(client, $"/status/documents/{notice.Id}", page, new() { ["tenant"] = other.Slug, ["receipt"] = receipt, ["code"] = code }))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }

        // The applicant's copy is made on the first request, recorded once, and signed by the organisation.
        byte[] copy;
        using (var first = await PortalFlowTests.PostFormAsync(client, "/status/documents/copy", page, new() { ["tenant"] = tenant.Slug, ["receipt"] = receipt, ["code"] = code }))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            copy = await first.Content.ReadAsByteArrayAsync();
        }

        using (var second = await PortalFlowTests.PostFormAsync(client, "/status/documents/copy", page, new() { ["tenant"] = tenant.Slug, ["receipt"] = receipt, ["code"] = code }))
        {
            Assert.Equal(copy, await second.Content.ReadAsByteArrayAsync());
        }

        Assert.Contains("申請控え", PdfText(copy), StringComparison.Ordinal);
        Assert.Contains("特になし", PdfText(copy), StringComparison.Ordinal);
        Assert.Equal(["Signature is Valid."], PdfSig(copy));
        Assert.Single(await DocumentsAsync(tenant, id), d => d.Kind == IssuedDocumentKind.ApplicantCopy);

        // Staff download every document; another tenant's staff cannot.
        var staffClient = await PortalClient.SignInAsync(factory, tenant);
        using (var staffDownload = await staffClient.GetAsync($"/staff/documents/{decision.Id}"))
        {
            Assert.Equal(HttpStatusCode.OK, staffDownload.StatusCode);
            Assert.Equal("attachment", staffDownload.Content.Headers.ContentDisposition!.DispositionType);
        }

        var otherStaff = await PortalClient.SignInAsync(factory, other);
        using (var crossTenant = await otherStaff.GetAsync($"/staff/documents/{decision.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, crossTenant.StatusCode);
        }

        using var scope = factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var key = id.ToString();
        var downloads = await db.AuditRecords.AsNoTracking().Where(a => a.EntityId == key && a.Action == "document.downloaded").ToListAsync();
        Assert.Equal(4, downloads.Count); // the notice, the copy twice, the decision document by staff
        Assert.Contains(downloads, a => a.Actor == "applicant:" + receipt && a.Details!.Contains(notice.Id.ToString(), StringComparison.Ordinal));
        Assert.All(downloads, a => Assert.DoesNotContain("山田", a.Details!, StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Verification_says_genuine_only_for_an_intact_document_issued_here(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var (id, receipt, _) = await SubmitOneAsync(tenant, AllTypesSlug);
        var staff = await StaffAsync(tenant, "佐藤 花子");
        await ActAsync(tenant, id, new StartReview(), staff);
        await ActAsync(tenant, id, new ApproveStep(), staff);
        await ActAsync(tenant, id, new Decide(CaseOutcome.Grant), staff);
        var notice = Assert.Single(await DocumentsAsync(tenant, id), d => d.Kind == IssuedDocumentKind.Notice);
        var bytes = Bytes(tenant, notice);
        var anonymous = factory.CreateClient();

        var genuine = await VerifyAsync(anonymous, tenant.Slug, bytes);
        Assert.Equal("genuine", (string?)genuine["verdict"]);
        Assert.True((bool)genuine["genuine"]!);
        Assert.Equal("notice", (string?)genuine["kind"]);
        Assert.Single(genuine["signers"]!.AsArray());
        Assert.DoesNotContain(receipt, genuine.ToJsonString(), StringComparison.Ordinal); // no receipt number to anonymous visitors
        Assert.DoesNotContain("山田", genuine.ToJsonString(), StringComparison.Ordinal);

        // One byte of the signed content changed: pdfsig and the verification both say so.
        var changed = (byte[])bytes.Clone();
        var at = changed.AsSpan().IndexOf("/Title"u8);
        Assert.True(at > 0);
        changed[at + 3] ^= 0x01;
        Assert.NotEqual("Signature is Valid.", Assert.Single(PdfSig(changed)));
        Assert.Equal("modified", (string?)(await VerifyAsync(anonymous, tenant.Slug, changed))["verdict"]);

        // Intact and signed with this organisation's key, but never issued (not in the records): not issued here.
        var identity = factory.Services.GetRequiredService<SigningIdentityProvider>().Identity;
        var rendered = DocumentRenderer.Render(DocumentTemplate.BuiltIn("notice-grant"), new DocumentData { ReceiptNumber = "X", ProcedureTitle = "偽の手続", ApplicantName = "誰か", OrganisationName = "テスト市" });
        var forged = await new PadesSigner().SignAsync(rendered.Pdf, identity, SignatureAppearance.Invisible);
        Assert.Equal("notIssuedHere", (string?)(await VerifyAsync(anonymous, tenant.Slug, forged))["verdict"]);

        // Signed by someone else's certificate.
        using var stranger = SigningIdentity.CreateDevelopment("よその市");
        var foreign = await new PadesSigner().SignAsync(rendered.Pdf, stranger, SignatureAppearance.Invisible);
        Assert.Equal("otherSigner", (string?)(await VerifyAsync(anonymous, tenant.Slug, foreign))["verdict"]);

        // Not a PDF at all; and the genuine file checked against another tenant is not that tenant's.
        var notPdf = await VerifyAsync(anonymous, tenant.Slug, "hello"u8.ToArray(), "hello.txt");
        Assert.Equal("notPdf", (string?)notPdf["verdict"]);
        Assert.False(string.IsNullOrEmpty((string?)notPdf["en"]));
        var other = await factory.CreateTenantAsync();
        Assert.Equal("notIssuedHere", (string?)(await VerifyAsync(anonymous, other.Slug, bytes))["verdict"]);

        // No file: problem+json with a ja/en message.
        using var empty = await anonymous.PostAsync($"/api/v1/documents/verify?tenant={tenant.Slug}", new MultipartFormDataContent { { new StringContent("x"), "other" } });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("application/problem+json", empty.Content.Headers.ContentType!.MediaType);
        Assert.Equal("fileRequired", (string?)(await ReadJsonAsync(empty))["code"]);

        // The portal page agrees.
        var client = PortalClient.Create(factory);
        var page = await client.GetStringAsync($"/p/{tenant.Slug}/verify");
        using var upload = await PortalFlowTests.PostMultipartAsync(client, $"/p/{tenant.Slug}/verify", page, [], ("file", "notice.pdf", bytes));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var html = WebUtility.HtmlDecode(await upload.Content.ReadAsStringAsync());
        Assert.Contains("本物です", html, StringComparison.Ordinal);
        Assert.Contains("verdict genuine", html, StringComparison.Ordinal);
        using var tampered = await PortalFlowTests.PostMultipartAsync(client, $"/p/{tenant.Slug}/verify", page, [], ("file", "notice.pdf", changed));
        var tamperedHtml = WebUtility.HtmlDecode(await tampered.Content.ReadAsStringAsync());
        Assert.Contains("署名の後でファイルが変更されています", tamperedHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("本物です", tamperedHtml, StringComparison.Ordinal);
    }
}
