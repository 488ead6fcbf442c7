using System.Text.Json;
using Madoguchi.Core.Academy;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Academy;

/// <summary>The outcome of a staff-list import: the problems (nothing saved when there is one), or what was saved.</summary>
public sealed record StaffImportReport(int Added, int Updated, int Linked, IReadOnlyList<ImportProblem> Problems, bool DryRun);

/// <summary>What recording an attempt did: refused (why), or saved — whether the module is now done and the certificates it earned.</summary>
public sealed record AttemptOutcome(LocalizedText? Refusal, bool ModuleDone, IReadOnlyList<Certificate> Certificates)
{
    public static AttemptOutcome Refused(LocalizedText why) => new(why, false, []);
}

/// <summary>
/// The organisation's programme (catalog and maker policy), its staff records, their learning and skill records, and
/// the maker rights that follow from them. Every change is audit-logged; imports are all or nothing.
/// </summary>
public sealed partial class AcademyService(AppDbContext db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<(AcademyCatalog? Catalog, MakerPolicy Policy)> ProgrammeAsync(CancellationToken cancellationToken)
    {
        var row = await db.AcademyProgrammes.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return (null, MakerPolicy.Open);
        }

        var catalog = AcademyCatalogReader.Read(row.CatalogJson).Catalog;
        var policy = JsonSerializer.Deserialize<Dictionary<MakerAction, string>>(row.PolicyJson, Json) ?? [];
        return (catalog, new MakerPolicy(policy));
    }

    /// <summary>Saves the programme and policy when both are sound; otherwise returns every problem and saves nothing.</summary>
    public async Task<IReadOnlyList<DefinitionProblem>> SaveProgrammeAsync(string catalogJson, IReadOnlyDictionary<MakerAction, string> policy, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogJson);
        ArgumentNullException.ThrowIfNull(policy);
        var read = AcademyCatalogReader.Read(catalogJson);
        var problems = read.Problems.ToList();
        if (read.Catalog is { } catalog)
        {
            var certifications = catalog.Paths.Select(p => p.Certification.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var (action, certification) in policy)
            {
                if (!certifications.Contains(certification))
                {
                    problems.Add(new DefinitionProblem($"$.policy.{action}", "unknownCertification", new LocalizedText(
                        $"認定「{certification}」は育成計画の学習パスにありません。", $"No learning path of the programme grants the certification \"{certification}\".")));
                }
            }
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.AcademyProgrammes.SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            row = new AcademyProgramme { Id = Guid.CreateVersion7() };
            db.AcademyProgrammes.Add(row);
        }

        row.CatalogJson = catalogJson;
        row.PolicyJson = JsonSerializer.Serialize(policy, Json);
        row.UpdatedAt = now;
        row.UpdatedBy = actor;
        db.AuditRecords.Add(new AuditRecord { At = now, Actor = actor, Action = "academy.programmeSaved", EntityType = "academy", EntityId = row.Id.ToString() });
        await RebuildCompletionsAsync(read.Catalog!, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    /// <summary>
    /// Imports a staff list (see <see cref="StaffCsv"/>): new employee numbers are added, known ones updated, and each
    /// record is linked to the staff sign-in with the same e-mail address. With <paramref name="dryRun"/> nothing is
    /// saved but the report says what would happen.
    /// </summary>
    public async Task<StaffImportReport> ImportStaffAsync(string csv, bool dryRun, string actor, CancellationToken cancellationToken)
    {
        var (catalog, _) = await ProgrammeAsync(cancellationToken);
        if (catalog is null)
        {
            return new StaffImportReport(0, 0, 0, [new ImportProblem(1, "", "noProgramme", new LocalizedText("先に育成計画を登録してください（階層が必要です）。", "Save the programme first (the tiers are needed)."))], dryRun);
        }

        var read = StaffCsv.Read(csv, catalog);
        if (!read.IsValid)
        {
            return new StaffImportReport(0, 0, 0, read.Problems, dryRun);
        }

        var existing = await db.Learners.ToDictionaryAsync(l => l.EmployeeNumber, StringComparer.Ordinal, cancellationToken);
        var emails = read.Rows.Where(r => r.Email is not null).Select(r => r.Email!.ToUpperInvariant()).ToList();
        var users = await db.Users.Where(u => u.TenantId == db.CurrentTenantId && emails.Contains(u.NormalizedEmail!))
            .Select(u => new { u.Id, u.NormalizedEmail }).ToListAsync(cancellationToken);
        var userByEmail = users.GroupBy(u => u.NormalizedEmail!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        int added = 0, updated = 0, linked = 0;
        foreach (var row in read.Rows)
        {
            if (!existing.TryGetValue(row.EmployeeNumber, out var learner))
            {
                learner = new Learner { Id = Guid.CreateVersion7(), EmployeeNumber = row.EmployeeNumber, CreatedAt = now };
                db.Learners.Add(learner);
                added++;
            }
            else
            {
                updated++;
            }

            learner.Name = row.Name;
            learner.DepartmentCode = row.Department;
            learner.Position = row.Position;
            learner.TierId = row.TierId;
            learner.Email = row.Email;
            learner.UpdatedAt = now;
            if (row.Email is { } email && userByEmail.TryGetValue(email.ToUpperInvariant(), out var userId))
            {
                learner.AppUserId = userId;
                linked++;
            }
        }

        if (dryRun)
        {
            db.ChangeTracker.Clear();
            return new StaffImportReport(added, updated, linked, [], DryRun: true);
        }

        db.AuditRecords.Add(new AuditRecord
        {
            At = now,
            Actor = actor,
            Action = "academy.staffImported",
            EntityType = "academy",
            EntityId = "staff",
            Details = JsonSerializer.Serialize(new { added, updated, linked }, Json),
        });
        await db.SaveChangesAsync(cancellationToken);
        return new StaffImportReport(added, updated, linked, [], DryRun: false);
    }

    /// <summary>Records one module attempt (completion, attendance or a quiz score) of a learner.</summary>
    public async Task<LocalizedText?> RecordAttemptAsync(Guid learnerId, string moduleId, DateOnly on, bool completed, int? score, string actor, CancellationToken cancellationToken) =>
        (await RecordAsync(learnerId, moduleId, on, completed, score, actor, cancellationToken)).Refusal;

    /// <summary>
    /// Records one module attempt and, in the same save, the module's completion (hours credited once) and the
    /// certificate of every learning path it completes (rendered and signed when an issuer is configured).
    /// </summary>
    public async Task<AttemptOutcome> RecordAsync(Guid learnerId, string moduleId, DateOnly on, bool completed, int? score, string actor, CancellationToken cancellationToken)
    {
        var (catalog, _) = await ProgrammeAsync(cancellationToken);
        var module = catalog?.FindModule(moduleId);
        if (module is null)
        {
            return AttemptOutcome.Refused(new LocalizedText($"モジュール「{moduleId}」は育成計画にありません。", $"The programme has no module \"{moduleId}\"."));
        }

        if (module.Kind == ModuleKind.Quiz ? score is not (>= 0 and <= 100) : score is not null)
        {
            return AttemptOutcome.Refused(new LocalizedText("点数は小テストにだけ、0〜100で記録します。", "A score is recorded for quizzes only, from 0 to 100."));
        }

        var learner = await db.Learners.AsNoTracking().SingleOrDefaultAsync(l => l.Id == learnerId, cancellationToken);
        if (learner is null)
        {
            return AttemptOutcome.Refused(new LocalizedText("職員が見つかりません。", "No such staff member."));
        }

        var attempts = await AttemptsAsync(learnerId, cancellationToken);
        if (Progress.Of(catalog!, module, attempts) is { CanStart: false } blocked)
        {
            return AttemptOutcome.Refused(new LocalizedText(
                $"先に前提のモジュールを修了してください: {string.Join("、", blocked.MissingPrerequisites)}",
                $"Complete the prerequisite modules first: {string.Join(", ", blocked.MissingPrerequisites)}"));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.LearningRecords.Add(new LearningRecord { Id = Guid.CreateVersion7(), LearnerId = learnerId, ModuleId = moduleId, On = on, Completed = completed, Score = score, RecordedBy = actor, CreatedAt = now });
        db.AuditRecords.Add(new AuditRecord { At = now, Actor = actor, Action = "academy.attemptRecorded", EntityType = "learner", EntityId = learnerId.ToString(), Details = JsonSerializer.Serialize(new { module = moduleId }, Json) });
        List<ModuleAttempt> after = [.. attempts, new ModuleAttempt(moduleId, on, completed, score)];
        var existing = await db.ModuleCompletions.Where(c => c.LearnerId == learnerId).ToListAsync(cancellationToken);
        SyncCompletions(catalog!, learnerId, after, existing);
        var earned = await AddCertificatesAsync(catalog!, learner, after, actor, now, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another attempt of the same person was saved at the same moment (the completion or certificate is
            // unique per person): nothing of this one was written.
            db.ChangeTracker.Clear();
            return AttemptOutcome.Refused(new LocalizedText("同じ時に別の記録が保存されました。画面を読み込み直して、もう一度お試しください。", "Another record was saved at the same moment; reload and try again."));
        }

        return new AttemptOutcome(null, Progress.Outcome(module, after).DoneOn is not null, earned);
    }

    /// <summary>Brings one learner's completion rows in line with their attempts (adds, moves the date, or drops).</summary>
    private void SyncCompletions(AcademyCatalog catalog, Guid learnerId, IReadOnlyCollection<ModuleAttempt> attempts, IReadOnlyList<ModuleCompletion> existing)
    {
        var taken = attempts.Select(a => a.ModuleId).ToHashSet(StringComparer.Ordinal);
        var wanted = catalog.Modules.Where(m => taken.Contains(m.Id))
            .Select(m => (Module: m, Progress.Outcome(m, attempts).DoneOn))
            .Where(x => x.DoneOn is not null)
            .ToDictionary(x => x.Module.Id, x => (On: x.DoneOn!.Value, Minutes: MinutesOf(x.Module)), StringComparer.Ordinal);
        foreach (var row in existing)
        {
            if (!wanted.Remove(row.ModuleId, out var want))
            {
                db.ModuleCompletions.Remove(row);
            }
            else if (row.On != want.On || row.Minutes != want.Minutes)
            {
                row.On = want.On;
                row.Minutes = want.Minutes;
            }
        }

        foreach (var (id, want) in wanted)
        {
            db.ModuleCompletions.Add(new ModuleCompletion { Id = Guid.CreateVersion7(), LearnerId = learnerId, ModuleId = id, On = want.On, Minutes = want.Minutes });
        }
    }

    public static int MinutesOf(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return (int)Math.Round(module.Hours * 60m, MidpointRounding.AwayFromZero);
    }

    /// <summary>A certificate row (and its PDF, when an issuer is set) for each path newly completed; never a second one.</summary>
    private async Task<IReadOnlyList<Certificate>> AddCertificatesAsync(AcademyCatalog catalog, Learner learner, IReadOnlyCollection<ModuleAttempt> attempts, string actor, DateTime now, CancellationToken cancellationToken)
    {
        var earned = Progress.Certifications(catalog, attempts);
        if (earned.Count == 0)
        {
            return [];
        }

        var held = (await db.Certificates.Where(c => c.LearnerId == learner.Id).Select(c => c.CertificationId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var added = new List<Certificate>();
        foreach (var (certification, on) in earned.Where(e => !held.Contains(e.Certification.Id)))
        {
            var path = catalog.Paths.First(p => p.Certification.Id == certification.Id);
            var certificate = new Certificate { Id = Guid.CreateVersion7(), LearnerId = learner.Id, CertificationId = certification.Id, PathId = path.Id, On = on, CreatedAt = now };
            if (Issuer is { } issuer)
            {
                await issuer.IssueAsync(certificate, learner, certification, path, await OrganisationNameAsync(cancellationToken), PathHours(catalog, path), cancellationToken);
            }

            db.Certificates.Add(certificate);
            db.AuditRecords.Add(new AuditRecord
            {
                At = now,
                Actor = actor,
                Action = "academy.certificateIssued",
                EntityType = "learner",
                EntityId = learner.Id.ToString(),
                Details = JsonSerializer.Serialize(new { certification = certification.Id, sha256 = certificate.Sha256 }, Json),
            });
            added.Add(certificate);
        }

        return added;
    }

    public async Task<IReadOnlyList<ModuleAttempt>> AttemptsAsync(Guid learnerId, CancellationToken cancellationToken) =>
        await db.LearningRecords.AsNoTracking().Where(r => r.LearnerId == learnerId)
            .Select(r => new ModuleAttempt(r.ModuleId, r.On, r.Completed, r.Score)).ToListAsync(cancellationToken);

    /// <summary>The certifications a staff sign-in holds (through its learner record; none without one).</summary>
    public async Task<IReadOnlyList<string>> CertificationsOfUserAsync(Guid userId, AcademyCatalog catalog, CancellationToken cancellationToken)
    {
        var learner = await db.Learners.AsNoTracking().Where(l => l.AppUserId == userId).Select(l => (Guid?)l.Id).FirstOrDefaultAsync(cancellationToken);
        if (learner is not { } id)
        {
            return [];
        }

        return [.. Progress.Certifications(catalog, [.. await AttemptsAsync(id, cancellationToken)]).Select(c => c.Certification.Id)];
    }

    /// <summary>
    /// Why <paramref name="actor"/> may not take <paramref name="action"/> on procedures, or null. Operators and the
    /// system are trusted; API keys have no person behind them, so they may not act where a certification is required.
    /// </summary>
    public async Task<LocalizedText?> MakerRefusalAsync(string actor, MakerAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (catalog, policy) = await ProgrammeAsync(cancellationToken);
        if (catalog is null || !policy.RequiredCertifications.ContainsKey(action) || actor is "operator" || actor.StartsWith("system:", StringComparison.Ordinal))
        {
            return null;
        }

        if (!actor.StartsWith("staff:", StringComparison.Ordinal) || !Guid.TryParse(actor["staff:".Length..], out var userId))
        {
            return new LocalizedText(
                "この団体では手続の公開などに認定が必要なため、APIキーでは行えません。認定を受けた職員が行ってください。",
                "This organisation requires a certification for this, so an API key cannot do it; a certified staff member must.");
        }

        return policy.Refusal(action, catalog, await CertificationsOfUserAsync(userId, catalog, cancellationToken));
    }
}
