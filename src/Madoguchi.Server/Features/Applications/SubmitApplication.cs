using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Applications;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Procedures;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Applications;

public sealed record SubmitCommand(
    PublishedProcedure Procedure,
    JsonObject Answers,
    string? ApplicantName,
    IReadOnlyList<StoredFile> NewFiles,
    IReadOnlyList<Guid> DraftFileIds,
    IntakeChannel Channel,
    string Actor,
    string IdempotencyScope,
    string IdempotencyKey,
    string RequestSha256,
    Guid? DraftId,
    string Language = "ja")
{
    /// <summary>The signed-in, verified applicant account that submits (portal only); null for guests and other channels.</summary>
    public Guid? ApplicantAccountId { get; init; }

    /// <summary>
    /// The API key the request was authenticated with from memory (see ApiKeyAuthenticationHandler): the write checks,
    /// in its own transaction, that the key is still active, and writes nothing if it was revoked.
    /// </summary>
    public Guid? RecheckApiKeyId { get; init; }
    /// <summary>The declaration text the applicant ticked (sealPolicy: declaration); recorded with the submission time.</summary>
    public string? DeclarationText { get; init; }
}

public sealed record SubmitReceipt(Guid ApplicationId, string ReceiptNumber, string AccessCode, DateTime SubmittedAt, bool Replayed);

public enum SubmitOutcome
{
    Created,
    Replayed,
    IdempotencyKeyReused,
}

/// <summary>
/// Receives an application durably: the application, its file records, the audit record, the outbox event and
/// the idempotency record commit in one transaction, and only then is a receipt returned. A retry with the same
/// idempotency key returns the first receipt; the same key with a different request is refused.
/// </summary>
public sealed class SubmitApplicationHandler(AppDbContext db, TimeProvider clock, IDataProtectionProvider protection, FileStore files, Calendar.TenantCalendars calendars, ILogger<SubmitApplicationHandler> logger)
{
    // Stored answers keep Japanese as UTF-8 text: a third of the size of \uXXXX escapes and far cheaper to write.
    private static readonly JsonSerializerOptions StoredJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly IDataProtector _protector = protection.CreateProtector("Madoguchi.Applications.AccessCode");

    public async Task<(SubmitOutcome Outcome, SubmitReceipt? Receipt)> SubmitAsync(SubmitCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);

        // No look-up first: the idempotency record's primary key decides, so the common case costs one round trip.
        for (var attempt = 0; ; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var accessCode = Secrets.NewAccessCode();
            var application = new Application
            {
                Id = Guid.CreateVersion7(),
                TenantId = command.Procedure.TenantId,
                ProcedureId = command.Procedure.ProcedureId,
                ProcedureVersionId = command.Procedure.VersionId,
                ReceiptNumber = ReceiptNumber.Create(RandomNumberGenerator.GetInt32),
                Status = ApplicationStatus.Received,
                Channel = command.Channel,
                ApplicantName = Truncate(command.ApplicantName, 300),
                AnswersJson = command.Answers.ToJsonString(StoredJson),
                AccessCodeHash = Secrets.Sha256Hex(accessCode),
                AccessCodeProtected = _protector.Protect(accessCode),
                SubmittedAt = now,
                Language = command.Language == "en" ? "en" : "ja",
                ApplicantAccountId = command.ApplicantAccountId,
                DeclarationText = Truncate(command.DeclarationText, 2000),
                DeclaredAt = command.DeclarationText is null ? null : now,
            };
            Cases.CaseColumns.SetAtSubmission(application, command.Procedure.Definition, command.Answers, now, await calendars.ForTenantAsync(db, command.Procedure.TenantId, cancellationToken));
            foreach (var file in command.NewFiles)
            {
                file.ApplicationId = application.Id;
            }

            var idempotency = new IdempotencyRecord
            {
                TenantId = application.TenantId,
                Scope = command.IdempotencyScope,
                Key = command.IdempotencyKey,
                RequestSha256 = command.RequestSha256,
                ApplicationId = application.Id,
                CreatedAt = now,
            };
            var audit = new AuditRecord
            {
                TenantId = application.TenantId,
                At = now,
                Actor = command.Actor,
                Action = "application.submitted",
                EntityType = "application",
                EntityId = application.Id.ToString(),
                Details = JsonSerializer.Serialize(new { receiptNumber = application.ReceiptNumber, channel = command.Channel.ToString(), procedureVersion = command.Procedure.VersionNumber, files = command.NewFiles.Count + command.DraftFileIds.Count }),
            };
            var outbox = new OutboxMessage
            {
                TenantId = application.TenantId,
                Type = "application.submitted",
                CreatedAt = now,
                PayloadJson = JsonSerializer.Serialize(new { applicationId = application.Id, receiptNumber = application.ReceiptNumber, procedureId = command.Procedure.ProcedureId, procedureVersion = command.Procedure.VersionNumber }),
            };

            // PostgreSQL, nothing to update (no draft): the rows go in one round trip, past EF Core's change tracker.
            if (PostgresIntake.IsPostgres(db) && command.DraftId is null && command.DraftFileIds.Count == 0)
            {
                try
                {
                    await PostgresIntake.InsertAsync(db, command.RecheckApiKeyId, [application, .. command.NewFiles, idempotency, audit, outbox], cancellationToken);
                    logger.LogInformation("Application {ApplicationId} received as {ReceiptNumber} via {Channel}", application.Id, application.ReceiptNumber, command.Channel);
                    return (SubmitOutcome.Created, new SubmitReceipt(application.Id, application.ReceiptNumber, accessCode, now, false));
                }
                catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation && attempt < 3)
                {
                    // The same key won elsewhere, or (astronomically rarely) the receipt number collided.
                    var replay = await FindReplayAsync(command, cancellationToken);
                    if (replay.Outcome != SubmitOutcome.Created)
                    {
                        DeleteNewFiles(command);
                        return replay;
                    }

                    continue;
                }
                catch (ApiKeyRevokedException)
                {
                    DeleteNewFiles(command);
                    throw;
                }
            }

            if (command.RecheckApiKeyId is { } keyId
                && !await db.ApiKeys.IgnoreQueryFilters().AnyAsync(k => k.Id == keyId && k.RevokedAt == null, cancellationToken))
            {
                DeleteNewFiles(command);
                throw new ApiKeyRevokedException();
            }

            db.Applications.Add(application);
            db.StoredFiles.AddRange(command.NewFiles);

            if (command.DraftFileIds.Count > 0)
            {
                var draftFiles = await db.StoredFiles.Where(f => command.DraftFileIds.Contains(f.Id)).ToListAsync(cancellationToken);
                foreach (var file in draftFiles)
                {
                    file.ApplicationId = application.Id;
                }
            }

            if (command.DraftId is { } draftId)
            {
                var draft = await db.Drafts.SingleAsync(d => d.Id == draftId, cancellationToken);
                draft.ApplicationId = application.Id;
                draft.UpdatedAt = now;

                // The application now holds the answers; the draft keeps only the link to it.
                draft.ValuesJson = "{}";
            }

            db.IdempotencyRecords.Add(idempotency);
            db.AuditRecords.Add(audit);
            db.OutboxMessages.Add(outbox);

            // On PostgreSQL the few statements of a submission go to the server as one batch, which PostgreSQL runs as one
            // implicit transaction (all or nothing, committed at the batch's end): no separate BEGIN and COMMIT round trip.
            // Only for inserts alone: an update that finds no row makes EF Core throw after the batch has run, which
            // must roll everything back, so a change set with updates (a draft, its files) or many rows (that could span
            // several batches) keeps EF Core's explicit transaction.
            var entries = db.ChangeTracker.Entries().ToList();
            var oneBatch = PostgresIntake.IsPostgres(db) && entries.Count <= SingleBatchEntries && entries.All(e => e.State == EntityState.Added);
            if (oneBatch)
            {
                db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Application {ApplicationId} received as {ReceiptNumber} via {Channel}", application.Id, application.ReceiptNumber, command.Channel);
                return (SubmitOutcome.Created, new SubmitReceipt(application.Id, application.ReceiptNumber, accessCode, now, false));
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Either a concurrent request with the same idempotency key won, or (astronomically rarely) the
                // random receipt number collided. Start clean and find out which.
                db.ChangeTracker.Clear();
                var replay = await FindReplayAsync(command, cancellationToken);
                if (replay.Outcome != SubmitOutcome.Created)
                {
                    DeleteNewFiles(command);
                    return replay;
                }
            }
            finally
            {
                if (oneBatch)
                {
                    db.Database.AutoTransactionBehavior = AutoTransactionBehavior.WhenNeeded;
                }
            }
        }
    }

    /// <summary>Far below any batch size limit of EF Core's PostgreSQL provider, so such a save is always one batch.</summary>
    private const int SingleBatchEntries = 16;

    private async Task<(SubmitOutcome Outcome, SubmitReceipt? Receipt)> FindReplayAsync(SubmitCommand command, CancellationToken cancellationToken)
    {
        var record = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Scope == command.IdempotencyScope && r.Key == command.IdempotencyKey, cancellationToken);
        if (record is null)
        {
            return (SubmitOutcome.Created, null);
        }

        if (!string.Equals(record.RequestSha256, command.RequestSha256, StringComparison.Ordinal))
        {
            return (SubmitOutcome.IdempotencyKeyReused, null);
        }

        var application = await db.Applications.AsNoTracking().SingleAsync(a => a.Id == record.ApplicationId, cancellationToken);
        return (SubmitOutcome.Replayed, ToReceipt(application, true));
    }

    public SubmitReceipt ToReceipt(Application application, bool replayed)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new SubmitReceipt(application.Id, application.ReceiptNumber, _protector.Unprotect(application.AccessCodeProtected), application.SubmittedAt, replayed);
    }

    private void DeleteNewFiles(SubmitCommand command)
    {
        foreach (var file in command.NewFiles)
        {
            files.Delete(file.StorageKey);
        }
    }

    private static string? Truncate(string? value, int max) =>
        value is null ? null : value.Length <= max ? value : value[..max];
}
