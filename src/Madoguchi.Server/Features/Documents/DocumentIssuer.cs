using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madoguchi.Core.Cases;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Documents.Rendering;
using Madoguchi.Documents.Signing;
using Madoguchi.Documents.Templates;
using Madoguchi.Server.Features.Procedures;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using DocRouteStep = Madoguchi.Documents.Templates.RouteStep;

namespace Madoguchi.Server.Features.Documents;

/// <summary>A document could not be generated; the command that needed it is not applied.</summary>
public sealed class DocumentIssueException(LocalizedText text, Exception? inner = null) : Exception(text.En ?? text.Ja, inner)
{
    public LocalizedText Text { get; } = text;
}

/// <summary>
/// Generates, signs and records the organisation's documents: the applicant's copy (申請控え) on demand, the decision
/// document (決裁文書) with one incremental signature per approval, and the notice of a grant or refusal with the 公印.
/// Case documents are staged on the case command's context (rows, audit, outbox) and commit with it.
/// </summary>
public sealed partial class DocumentIssuer(
    AppDbContext db, FileStore store, SigningIdentityProvider signing, SealSources seals, DocumentTemplates templates,
    DefinitionCache definitions, TimeProvider clock, ILogger<DocumentIssuer> logger)
{
    public const string System = "system";
    private readonly List<string> _written = [];

    private sealed record SlotInfo(string Step, int Page, double X, double Y, double Size)
    {
        public SealSlot Slot => new(Page, X, Y, Size);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Called by CaseService before it saves an accepted command: an approval signs the decision document, a grant or
    /// refusal issues the notice. Adds rows to the context; files are written to the store first.
    /// </summary>
    public async Task StageForCaseAsync(Application application, CaseState before, CaseState after, CaseCommand command, Actor actor, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        _written.Clear();
        try
        {
            if (command is ApproveStep && after.Approvals.Count > 0)
            {
                await SignDecisionAsync(application, after, actor, now, ct);
            }

            if (!before.IsFinal && after.Status is CaseStatus.Granted or CaseStatus.Refused)
            {
                await IssueNoticeAsync(application, after, actor, now, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException and not DocumentIssueException)
        {
            DiscardStaged();
            logger.LogError(e, "Document generation failed for application {ApplicationId}", application.Id);
            throw new DocumentIssueException(new LocalizedText(
                "文書（決裁文書または通知書）を作成できなかったため、この操作は行われませんでした。時間をおいてやり直し、続く場合は管理者に連絡してください。",
                "The document (decision document or notice) could not be generated, so nothing was changed. Try again later; if it keeps failing, contact the administrator."), e);
        }
    }

    /// <summary>Removes the files written for staged documents whose rows were not committed.</summary>
    public void DiscardStaged()
    {
        foreach (var key in _written)
        {
            store.Delete(key);
        }

        _written.Clear();
    }

    /// <summary>
    /// The applicant's copy, rendered from the stored application and signed invisibly by the organisation; recorded
    /// the first time, and again (a new revision) after the answers were corrected. Saves at once.
    /// </summary>
    public async Task<IssuedDocument> ApplicantCopyAsync(Application application, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(application);
        var latest = await LatestAsync(application.Id, IssuedDocumentKind.ApplicantCopy, ct);
        if (latest is not null && !await db.AnswerVersions.AnyAsync(v => v.ApplicationId == application.Id && v.CreatedAt > latest.CreatedAt, ct))
        {
            return latest;
        }

        _written.Clear();
        var now = clock.GetUtcNow().UtcDateTime;
        var version = application.ProcedureVersion ?? await db.ProcedureVersions.AsNoTracking().SingleAsync(v => v.Id == application.ProcedureVersionId, ct);
        var template = await templates.ForAsync(version, DocumentPurpose.ApplicantCopy, ct);
        var data = await DataAsync(application, version, now, ct);
        var rendered = DocumentRenderer.Render(template, data);
        var pdf = await signing.Signer(clock).SignAsync(rendered.Pdf, signing.Identity, SignatureAppearance.Invisible,
            new SignatureDetails { SignerName = data.OrganisationName, Reason = "申請控え / Applicant's copy" }, ct);
        try
        {
            var document = await StageAsync(application, IssuedDocumentKind.ApplicantCopy, template.Id, pdf, 1, actor, now, latest, null, $"applicant-copy-{application.ReceiptNumber}", ct);
            await db.SaveChangesAsync(ct);
            _written.Clear();
            return document;
        }
        catch
        {
            DiscardStaged();
            throw;
        }
    }

    /// <summary>The newest revision of a kind for an application (null when none).</summary>
    public Task<IssuedDocument?> LatestAsync(Guid applicationId, IssuedDocumentKind kind, CancellationToken ct) =>
        db.IssuedDocuments.AsNoTracking().Where(d => d.ApplicationId == applicationId && d.Kind == kind)
            .OrderByDescending(d => d.Revision).FirstOrDefaultAsync(ct);

    private async Task SignDecisionAsync(Application application, CaseState after, Actor actor, DateTime now, CancellationToken ct)
    {
        var version = application.ProcedureVersion!;
        var definition = definitions.Get(version);
        var route = RouteDefinition.Of(definition);
        var latest = await LatestAsync(application.Id, IssuedDocumentKind.Decision, ct);
        var approval = after.Approvals[^1];
        var signer = signing.Signer(clock);
        var organisation = await OrganisationAsync(application.TenantId, ct);

        List<SlotInfo> slots;
        byte[] pdf;
        List<StepApproval> toSign;
        string templateId;
        var incremental = false;

        // The next approval in the same pass signs the previous revision; after a return or a resubmission (earlier
        // approvals voided) the document is rendered again with the approvals that stand, each signed in turn.
        var previousSlots = latest?.ApproverSlotsJson is { } js ? JsonSerializer.Deserialize<List<SlotInfo>>(js, Json) ?? [] : [];
        if (latest is not null && latest.SignatureCount == after.Approvals.Count - 1 && previousSlots.Any(s => s.Step == approval.StepId))
        {
            await using var stream = store.OpenRead(latest.StorageKey);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            pdf = buffer.ToArray();
            slots = previousSlots;
            toSign = [approval];
            templateId = latest.TemplateId;
            incremental = true;
        }
        else
        {
            var steps = after.Plan.Select(route.FindStep).OfType<Madoguchi.Core.Cases.RouteStep>().Where(s => s.Kind != StepKind.Consultation).ToList();
            var rows = new List<DocRouteStep>();
            foreach (var step in steps)
            {
                var approved = after.Approvals.LastOrDefault(a => a.StepId == step.Id);
                var person = approved is null ? null : await PersonAsync(approved.ActorId, ct);
                var title = person?.Title ?? (step.Role is { } role ? await RoleNameAsync(role, ct) : null) ?? step.Label.Ja;
                rows.Add(new DocRouteStep(title, person?.Name ?? "", person is null ? "" : SealSources.FamilyName(person.Name)));
            }

            var template = await templates.ForAsync(version, DocumentPurpose.Decision, ct);
            var data = await DataAsync(application, version, now, ct) with
            {
                Route = rows,
                DecisionOutcome = "承認（案）",
                DecisionReason = "",
            };
            var rendered = DocumentRenderer.Render(template, data);
            if (rendered.ApproverSlots.Count != steps.Count)
            {
                throw new DocumentIssueException(new LocalizedText(
                    "決裁文書のテンプレートに決裁欄（route ブロック）がないため、承認の印を押せません。",
                    "The decision document template has no approval route block, so approvals cannot be sealed."));
            }

            pdf = rendered.Pdf;
            slots = [.. steps.Select((s, i) => new SlotInfo(s.Id, rendered.ApproverSlots[i].Page, rendered.ApproverSlots[i].X, rendered.ApproverSlots[i].Y, rendered.ApproverSlots[i].Size))];
            toSign = [.. after.Approvals.Where(a => slots.Any(s => s.Step == a.StepId))];
            templateId = template.Id;
        }

        foreach (var a in toSign)
        {
            var person = await PersonAsync(a.ActorId, ct);
            var step = route.FindStep(a.StepId);
            var slot = slots.Last(s => s.Step == a.StepId).Slot;
            var seal = await seals.PersonalAsync(a.ActorId, person.Name, ct);
            pdf = await signer.SignAsync(pdf, signing.Identity, SignatureAppearance.WithSeal(slot, seal, ShortDate(a.At)), new SignatureDetails
            {
                SignerName = person.Title is { Length: > 0 } t ? $"{person.Name}（{t}）" : person.Name,
                Reason = $"{step?.Label.Ja ?? a.StepId} 承認",
                Location = organisation,
            }, ct);
        }

        var signatures = (incremental ? latest!.SignatureCount : 0) + toSign.Count;
        var document = await StageAsync(application, IssuedDocumentKind.Decision, templateId, pdf, signatures, actor.Id, now, latest,
            JsonSerializer.Serialize(slots, Json), $"decision-{application.ReceiptNumber}", ct);
        foreach (var a in toSign)
        {
            Audit(application, actor.Id, now, "document.signed", new { documentId = document.Id, kind = "decision", revision = document.Revision, step = a.StepId, approver = a.ActorId });
        }
    }

    private async Task IssueNoticeAsync(Application application, CaseState after, Actor actor, DateTime now, CancellationToken ct)
    {
        var version = application.ProcedureVersion!;
        var granted = after.Status == CaseStatus.Granted;
        var template = await templates.ForAsync(version, granted ? DocumentPurpose.NoticeGrant : DocumentPurpose.NoticeRefusal, ct);
        var reason = after.History.Count > 0 ? after.History[^1].Comment ?? "" : "";
        var data = await DataAsync(application, version, now, ct) with
        {
            DecisionOutcome = granted ? (template.Id == "notice-permit" ? "許可" : "交付決定") : "不承認",
            DecisionReason = reason,
        };
        var official = await seals.OfficialAsync(application.TenantId, ct);
        var officeHolder = await seals.OfficeHolderAsync(ct);
        var rendered = DocumentRenderer.Render(template, data, official);
        var appearance = rendered.OfficialSealSlot is { } slot ? SignatureAppearance.OverPrintedSeal(slot) : SignatureAppearance.Invisible;
        var pdf = await signing.Signer(clock).SignAsync(rendered.Pdf, signing.Identity, appearance, new SignatureDetails
        {
            SignerName = officeHolder,
            Reason = template.Title.Ja,
            Location = data.OrganisationName,
        }, ct);
        var document = await StageAsync(application, IssuedDocumentKind.Notice, template.Id, pdf, 1, actor.Id, now,
            await LatestAsync(application.Id, IssuedDocumentKind.Notice, ct), null, $"notice-{application.ReceiptNumber}", ct);
        Audit(application, actor.Id, now, "document.signed", new { documentId = document.Id, kind = "notice", revision = document.Revision, seal = "official" });
    }

    /// <summary>Writes the file, adds the row (superseding the previous revision), its audit record and the outbox event.</summary>
    private async Task<IssuedDocument> StageAsync(Application application, IssuedDocumentKind kind, string templateId, byte[] pdf, int signatures,
        string actor, DateTime now, IssuedDocument? previous, string? slotsJson, string baseName, CancellationToken ct)
    {
        var saved = await store.SaveAsync(application.TenantId, new MemoryStream(pdf, writable: false), long.MaxValue, ct);
        _written.Add(saved.StorageKey);
        var revision = (previous?.Revision ?? 0) + 1;
        var document = new IssuedDocument
        {
            Id = Guid.NewGuid(),
            TenantId = application.TenantId,
            ApplicationId = application.Id,
            Kind = kind,
            TemplateId = templateId,
            Revision = revision,
            FileName = string.Create(CultureInfo.InvariantCulture, $"{SafeName().Replace(baseName, "_")}-r{revision}.pdf"),
            ContentType = "application/pdf",
            Size = saved.Length,
            Sha256 = saved.Sha256,
            StorageKey = saved.StorageKey,
            SignerThumbprint = signatures > 0 ? signing.Thumbprint : null,
            SignatureCount = signatures,
            CreatedAt = now,
            CreatedBy = actor,
            ApproverSlotsJson = slotsJson,
        };
        db.IssuedDocuments.Add(document);
        if (previous is not null)
        {
            var tracked = await db.IssuedDocuments.SingleAsync(d => d.Id == previous.Id, ct);
            if (tracked.SupersededById is null)
            {
                tracked.SupersededById = document.Id;
            }
        }

        var kindName = KindName(kind);
        Audit(application, actor, now, "document.issued", new { documentId = document.Id, kind = kindName, revision, template = templateId, sha256 = saved.Sha256 });
        db.OutboxMessages.Add(new OutboxMessage
        {
            TenantId = application.TenantId,
            Type = "document.issued",
            CreatedAt = now,
            PayloadJson = JsonSerializer.Serialize(new { applicationId = application.Id, receiptNumber = application.ReceiptNumber, documentId = document.Id, kind = kindName, revision }, Json),
        });
        return document;
    }

    public static string KindName(IssuedDocumentKind kind) => kind switch
    {
        IssuedDocumentKind.ApplicantCopy => "applicantCopy",
        IssuedDocumentKind.Decision => "decision",
        _ => "notice",
    };

    private void Audit(Application application, string actor, DateTime now, string action, object details) =>
        db.AuditRecords.Add(new AuditRecord
        {
            TenantId = application.TenantId,
            At = now,
            Actor = actor,
            Action = action,
            EntityType = "application",
            EntityId = application.Id.ToString(),
            Details = JsonSerializer.Serialize(details, Json),
        });

    private async Task<DocumentData> DataAsync(Application application, ProcedureVersion version, DateTime now, CancellationToken ct)
    {
        var definition = definitions.Get(version);
        var answers = JsonNode.Parse(application.AnswersJson) as JsonObject ?? [];
        return new DocumentData
        {
            ReceiptNumber = application.ReceiptNumber,
            ProcedureTitle = definition.Title.Ja,
            ApplicantName = application.ApplicantName ?? "",
            OrganisationName = await OrganisationAsync(application.TenantId, ct),
            OfficeName = "",
            Today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, JapanTime.Zone)),
            Answers = AnswerLines(definition, answers),
        };
    }

    private async Task<string> OrganisationAsync(Guid tenantId, CancellationToken ct) =>
        await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.NameJa).SingleAsync(ct);

    private sealed record Person(string Name, string? Title);

    /// <summary>A staff member's name and highest job role (職位); an API key or unknown id is shown as it is.</summary>
    private async Task<Person> PersonAsync(string actorId, CancellationToken ct)
    {
        if (actorId.StartsWith("staff:", StringComparison.Ordinal) && Guid.TryParse(actorId.AsSpan(6), out var userId)
            && await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.DisplayName, u.RoleCodes }).SingleOrDefaultAsync(ct) is { } user)
        {
            var codes = Staff.StaffDirectory.SplitCodes(user.RoleCodes);
            var title = await db.StaffRoles.AsNoTracking().Where(r => codes.Contains(r.Code)).OrderByDescending(r => r.Rank).Select(r => r.NameJa).FirstOrDefaultAsync(ct);
            return new Person(user.DisplayName.Length > 0 ? user.DisplayName : "職員", title);
        }

        return new Person(actorId.StartsWith("api", StringComparison.OrdinalIgnoreCase) ? "API" : "職員", null);
    }

    private async Task<string?> RoleNameAsync(string code, CancellationToken ct) =>
        await db.StaffRoles.AsNoTracking().Where(r => r.Code == code).Select(r => r.NameJa).FirstOrDefaultAsync(ct);

    /// <summary>「R8.4.1」: the approval date in Japan, short enough for the caption under a 14 mm seal.</summary>
    public static string ShortDate(DateTime utc)
    {
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, JapanTime.Zone));
        var match = WarekiPattern().Match(Madoguchi.Core.Japanese.Wareki.Format(date));
        if (!match.Success)
        {
            return date.ToString("yyyy.M.d", CultureInfo.InvariantCulture);
        }

        var era = match.Groups[1].Value switch { "令和" => "R", "平成" => "H", "昭和" => "S", "大正" => "T", "明治" => "M", var other => other };
        var year = match.Groups[2].Value == "元" ? "1" : match.Groups[2].Value;
        return $"{era}{year}.{date.Month}.{date.Day}";
    }

    /// <summary>Every answered top-level field as 「label: value」 (choices by their labels, composite parts joined).</summary>
    public static IReadOnlyList<AnswerLine> AnswerLines(ProcedureDefinition definition, JsonObject answers)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(answers);
        var lines = new List<AnswerLine>();
        foreach (var field in definition.InputFields)
        {
            if (answers[field.Id] is not { } value)
            {
                continue;
            }

            var text = Text(field, value);
            if (text.Length > 0)
            {
                lines.Add(new AnswerLine(field.Id, field.Label.Ja, text));
            }
        }

        return lines;
    }

    private static string Text(FieldDefinition field, JsonNode value)
    {
        string Choice(string v) => field.Choices?.FirstOrDefault(c => c.Value == v)?.Label.Ja ?? v;
        return value switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => Choice(s),
            JsonValue v when v.TryGetValue<bool>(out var b) => b ? "はい" : "いいえ",
            JsonValue v => v.ToJsonString(),
            JsonArray array when field.Type == FieldType.File => string.Create(CultureInfo.InvariantCulture, $"添付 {array.Count} 件"),
            JsonArray array => string.Join("、", array.Where(n => n is not null).Select(n => n is JsonObject o ? string.Join(" ", o.Select(p => p.Value is JsonValue pv && pv.TryGetValue<string>(out var ps) ? ps : p.Value?.ToJsonString() ?? "")) : n is JsonValue jv && jv.TryGetValue<string>(out var js) ? Choice(js) : n!.ToJsonString())),
            JsonObject obj => string.Join(" ", obj.Select(p => p.Value is JsonValue pv && pv.TryGetValue<string>(out var ps) ? ps : p.Value?.ToJsonString() ?? "").Where(s => s.Length > 0)),
            _ => "",
        };
    }

    [GeneratedRegex(@"^(\D+?)(\d+|元)年")]
    private static partial Regex WarekiPattern();

    [GeneratedRegex(@"[^A-Za-z0-9\-]")]
    private static partial Regex SafeName();
}
