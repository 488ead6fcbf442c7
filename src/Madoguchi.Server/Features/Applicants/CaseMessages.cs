using System.Text.Json;
using Madoguchi.Core.Answers;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Applications;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Applicants;

/// <summary>One message as shown in a thread.</summary>
public sealed record MessageView(Guid Id, MessageAuthorKind AuthorKind, string AuthorId, string Body, bool Internal, DateTime CreatedAt, IReadOnlyList<MessageFileView> Files);

public sealed record MessageFileView(Guid Id, string Name, long Length);

public sealed record PostMessageResult(CaseMessage? Message, IReadOnlyList<FieldError> Errors);

/// <summary>
/// The message thread of an application between staff and the applicant, with staff-only notes (内部メモ) beside it.
/// A post, its attachments, its audit record and (unless internal) its outbox event commit together; the body never
/// goes to the audit record or the log.
/// </summary>
public sealed class CaseMessages(AppDbContext db, FileStore store, TimeProvider clock, ILogger<CaseMessages> logger)
{
    public const int MaxAttachments = 3;
    public const long MaxAttachmentBytes = 10L * 1024 * 1024;

    /// <summary>The rules an attachment must meet: those of a portal file field accepting PDF and images.</summary>
    public static readonly FieldDefinition AttachmentField = new()
    {
        Id = "attachment",
        Type = FieldType.File,
        Label = new LocalizedText("添付ファイル", "Attachment"),
        Accept = [FileKinds.Pdf, FileKinds.Png, FileKinds.Jpeg],
        MaxFileSizeBytes = MaxAttachmentBytes,
        MaxFiles = MaxAttachments,
    };

    /// <summary>The thread in order; <paramref name="includeInternal"/> is false for every applicant-facing view.</summary>
    public async Task<IReadOnlyList<MessageView>> ListAsync(Guid applicationId, bool includeInternal, CancellationToken ct)
    {
        var messages = await db.CaseMessages.AsNoTracking()
            .Where(m => m.ApplicationId == applicationId && (includeInternal || !m.Internal))
            .Include(m => m.Files)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .ToListAsync(ct);
        return [.. messages.Select(m => new MessageView(m.Id, m.AuthorKind, m.AuthorId, m.Body, m.Internal, m.CreatedAt,
            [.. m.Files.OrderBy(f => f.CreatedAt).Select(f => new MessageFileView(f.Id, f.OriginalName, f.Length))]))];
    }

    /// <summary>
    /// Posts a message. A bad body or attachment answers with errors and stores nothing (uploaded bytes are deleted).
    /// Applicants never post internal notes.
    /// </summary>
    public async Task<PostMessageResult> PostAsync(
        Application application,
        MessageAuthorKind authorKind,
        string authorId,
        string? body,
        bool isInternal,
        IReadOnlyList<UploadIntake.Incoming> attachments,
        CancellationToken ct,
        string? postKey = null)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(attachments);
        db.ChangeTracker.Clear();
        postKey = postKey is { Length: > 0 and <= 64 } ? postKey : null;
        if (postKey is not null && await db.CaseMessages.AsNoTracking().FirstOrDefaultAsync(m => m.ApplicationId == application.Id && m.PostKey == postKey, ct) is { } earlier)
        {
            // The same form sent again (a reload, a double click): the message is already there.
            return new PostMessageResult(earlier, []);
        }

        var text = (body ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var errors = new List<FieldError>();
        if (text.Length == 0)
        {
            errors.Add(new FieldError("body", "required", new LocalizedText("メッセージを入力してください。", "Enter a message.")));
        }
        else if (text.Length > CaseMessage.BodyMaxLength)
        {
            errors.Add(new FieldError("body", "maxLength", new LocalizedText(
                $"メッセージは{CaseMessage.BodyMaxLength:N0}文字以内で入力してください（現在{text.Length:N0}文字）。",
                $"The message must be at most {CaseMessage.BodyMaxLength:N0} characters (it has {text.Length:N0}).")));
        }

        if (errors.Count > 0)
        {
            return new PostMessageResult(null, errors);
        }

        var stored = new List<StoredFile>();
        if (attachments.Count > 0)
        {
            var (files, fileErrors) = await UploadIntake.StoreAsync(AttachmentField, application.TenantId, [], attachments, store, clock, ct);
            if (fileErrors.Count > 0)
            {
                return new PostMessageResult(null, fileErrors);
            }

            stored = files;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var message = new CaseMessage
        {
            Id = Guid.CreateVersion7(),
            TenantId = application.TenantId,
            ApplicationId = application.Id,
            AuthorKind = authorKind,
            AuthorId = authorId,
            Body = text,
            Internal = isInternal && authorKind == MessageAuthorKind.Staff,
            PostKey = postKey,
            CreatedAt = now,
        };
        db.CaseMessages.Add(message);
        foreach (var file in stored)
        {
            file.ApplicationId = application.Id;
            file.MessageId = message.Id;
            file.FieldId = "message";
            db.StoredFiles.Add(file);
        }

        db.AuditRecords.Add(new AuditRecord
        {
            TenantId = application.TenantId,
            At = now,
            Actor = authorId,
            Action = message.Internal ? "message.internalNote" : "message.posted",
            EntityType = "application",
            EntityId = application.Id.ToString(),
            Details = JsonSerializer.Serialize(new { messageId = message.Id, files = stored.Count }),
        });

        // An internal note is nobody's news outside the office: no event that a notifier could pass on.
        if (!message.Internal)
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                TenantId = application.TenantId,
                Type = "application.message",
                CreatedAt = now,
                PayloadJson = JsonSerializer.Serialize(new
                {
                    applicationId = application.Id,
                    messageId = message.Id,
                    receiptNumber = application.ReceiptNumber,
                    from = authorKind == MessageAuthorKind.Staff ? "staff" : "applicant",
                }),
            });
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e)
        {
            foreach (var file in stored)
            {
                store.Delete(file.StorageKey);
            }

            // Two copies of one form at the same moment: the other one's message stands, this one adds nothing.
            if (e is DbUpdateException && postKey is not null)
            {
                db.ChangeTracker.Clear();
                if (await db.CaseMessages.AsNoTracking().FirstOrDefaultAsync(m => m.ApplicationId == application.Id && m.PostKey == postKey, ct) is { } winner)
                {
                    return new PostMessageResult(winner, []);
                }
            }

            throw;
        }

        logger.LogInformation("Message {MessageId} posted on application {ApplicationId} by {AuthorKind} (internal: {Internal})", message.Id, application.Id, authorKind, message.Internal);
        return new PostMessageResult(message, []);
    }

    /// <summary>An attachment of a message the applicant may see (not of an internal note) on this application.</summary>
    public async Task<StoredFile?> FindApplicantFileAsync(Guid applicationId, Guid fileId, CancellationToken ct) =>
        await db.StoredFiles.AsNoTracking()
            .Where(f => f.Id == fileId && f.ApplicationId == applicationId && f.MessageId != null)
            .Where(f => db.CaseMessages.Any(m => m.Id == f.MessageId && m.ApplicationId == applicationId && !m.Internal))
            .SingleOrDefaultAsync(ct);
}
