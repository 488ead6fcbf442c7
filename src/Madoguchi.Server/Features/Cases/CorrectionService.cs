using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Answers;
using Madoguchi.Core.Cases;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Portal;
using Madoguchi.Server.Features.Procedures;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Server.Features.Cases;

/// <summary>
/// The applicant's side of a correction (補正): a correction draft that starts from the application's answers, and
/// the resubmission that replaces the answers, keeps every earlier version, and moves the case on — all in one
/// transaction guarded by the case version.
/// </summary>
public sealed class CorrectionService(AppDbContext db, DefinitionCache definitions, CaseService cases, FileStore files, TimeProvider clock, IOptions<MadoguchiOptions> options)
{
    /// <summary>
    /// Starts a correction draft for an application waiting for one and returns its resume token, or null when the
    /// case is not waiting for a correction. Earlier unfinished correction drafts of the application are discarded.
    /// </summary>
    public async Task<string?> StartAsync(Application application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        var state = await cases.LoadAsync(application.Id, cancellationToken);
        if (state is not { Status: CaseStatus.CorrectionRequested })
        {
            return null;
        }

        var version = application.ProcedureVersion ?? await db.ProcedureVersions.AsNoTracking().SingleAsync(v => v.Id == application.ProcedureVersionId, cancellationToken);
        var definition = definitions.Get(version);
        using var stored = JsonDocument.Parse(application.AnswersJson);
        var values = AnswerFlattener.ToRaw(definition, stored.RootElement, [], skipFiles: true)
            .ToDictionary(kv => kv.Key, kv => kv.Value.ToList(), StringComparer.Ordinal);

        var stale = await db.Drafts.Where(d => d.CorrectionOf == application.Id && d.ApplicationId == null).ToListAsync(cancellationToken);
        var staleIds = stale.Select(d => (Guid?)d.Id).ToList();
        var staleFiles = await db.StoredFiles.Where(f => staleIds.Contains(f.DraftId)).ToListAsync(cancellationToken);
        db.StoredFiles.RemoveRange(staleFiles);
        db.Drafts.RemoveRange(stale);

        var token = Secrets.NewToken();
        var now = clock.GetUtcNow().UtcDateTime;
        db.Drafts.Add(new Draft
        {
            Id = Guid.CreateVersion7(),
            ProcedureId = application.ProcedureId,
            ProcedureVersionId = application.ProcedureVersionId,
            CorrectionOf = application.Id,
            ResumeTokenHash = Secrets.Sha256Hex(token),
            ValuesJson = JsonSerializer.Serialize(values),
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now.AddDays(options.Value.DraftLifetimeDays),
        });
        await db.SaveChangesAsync(cancellationToken);
        foreach (var file in staleFiles)
        {
            files.Delete(file.StorageKey);
        }

        return token;
    }

    /// <summary>
    /// Resubmits a validated correction draft: the answers become the application's answers (the earlier ones are kept
    /// as versions), new uploads replace the files of their fields, and the case takes the applicant's
    /// <see cref="Resubmit"/> command. Nothing is written unless the command is accepted.
    /// </summary>
    public async Task<CaseActionResult> ResubmitAsync(DraftState draft, AnswerValidationResult validated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(validated);
        var correction = draft.Correction ?? throw new InvalidOperationException("Not a correction draft.");
        var answers = (JsonObject)validated.Answers.DeepClone();
        var effective = PortalContext.EffectiveFiles(draft).Where(f => !validated.HiddenFields.Contains(f.FieldId)).ToList();
        PortalContext.AddFileAnswers(draft.Definition, answers, effective);
        var newFileIds = draft.Files.Where(f => !validated.HiddenFields.Contains(f.FieldId)).Select(f => f.Id).ToList();
        var draftId = draft.Draft.Id;
        var now = clock.GetUtcNow().UtcDateTime;
        var applicantName = PortalContext.ApplicantName(draft.Definition, answers);

        async Task StageAsync(Application application)
        {
            var versions = await db.AnswerVersions.Where(v => v.ApplicationId == application.Id).Select(v => v.Number).ToListAsync(cancellationToken);
            var next = versions.Count == 0 ? 1 : versions.Max() + 1;
            if (versions.Count == 0)
            {
                db.AnswerVersions.Add(new AnswerVersion { Id = Guid.CreateVersion7(), ApplicationId = application.Id, Number = 1, AnswersJson = application.AnswersJson, Source = "submitted", CreatedAt = application.SubmittedAt });
                next = 2;
            }

            var json = answers.ToJsonString();
            db.AnswerVersions.Add(new AnswerVersion { Id = Guid.CreateVersion7(), ApplicationId = application.Id, Number = next, AnswersJson = json, Source = "resubmitted", CreatedAt = now });
            application.AnswersJson = json;
            application.ApplicantName = applicantName;

            // New uploads now belong to the application; the files they replace stay linked to it for earlier versions.
            var uploads = await db.StoredFiles.Where(f => newFileIds.Contains(f.Id) && f.DraftId == draftId).ToListAsync(cancellationToken);
            foreach (var file in uploads)
            {
                file.ApplicationId = application.Id;
                file.DraftId = null;
            }

            var stored = await db.Drafts.SingleAsync(d => d.Id == draftId, cancellationToken);
            stored.ApplicationId = application.Id;
            stored.UpdatedAt = now;
        }

        return await cases.ApplyAsync(
            correction.Application.Id,
            new Resubmit(),
            Actor.Applicant(ApplicantActorId(correction.Application)),
            null,
            new CaseChange(answers, StageAsync),
            cancellationToken);
    }

    /// <summary>The actor id a guest applicant acts under (the case knows no account for them).</summary>
    public static string ApplicantActorId(Application application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return "applicant:" + application.ReceiptNumber;
    }
}
