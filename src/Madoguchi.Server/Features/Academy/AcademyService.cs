using System.Text.Json;
using Madoguchi.Core.Academy;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Academy;

/// <summary>The outcome of a staff-list import: the problems (nothing saved when there is one), or what was saved.</summary>
public sealed record StaffImportReport(int Added, int Updated, int Linked, IReadOnlyList<ImportProblem> Problems, bool DryRun);

/// <summary>
/// The organisation's programme (catalog and maker policy), its staff records, their learning and skill records, and
/// the maker rights that follow from them. Every change is audit-logged; imports are all or nothing.
/// </summary>
public sealed class AcademyService(AppDbContext db, TimeProvider clock)
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
    public async Task<LocalizedText?> RecordAttemptAsync(Guid learnerId, string moduleId, DateOnly on, bool completed, int? score, string actor, CancellationToken cancellationToken)
    {
        var (catalog, _) = await ProgrammeAsync(cancellationToken);
        var module = catalog?.FindModule(moduleId);
        if (module is null)
        {
            return new LocalizedText($"モジュール「{moduleId}」は育成計画にありません。", $"The programme has no module \"{moduleId}\".");
        }

        if (module.Kind == ModuleKind.Quiz ? score is not (>= 0 and <= 100) : score is not null)
        {
            return new LocalizedText("点数は小テストにだけ、0〜100で記録します。", "A score is recorded for quizzes only, from 0 to 100.");
        }

        var learner = await db.Learners.AsNoTracking().SingleOrDefaultAsync(l => l.Id == learnerId, cancellationToken);
        if (learner is null)
        {
            return new LocalizedText("職員が見つかりません。", "No such staff member.");
        }

        var attempts = await AttemptsAsync(learnerId, cancellationToken);
        if (Progress.Of(catalog!, module, attempts) is { CanStart: false } blocked)
        {
            return new LocalizedText(
                $"先に前提のモジュールを修了してください: {string.Join("、", blocked.MissingPrerequisites)}",
                $"Complete the prerequisite modules first: {string.Join(", ", blocked.MissingPrerequisites)}");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.LearningRecords.Add(new LearningRecord { Id = Guid.CreateVersion7(), LearnerId = learnerId, ModuleId = moduleId, On = on, Completed = completed, Score = score, RecordedBy = actor, CreatedAt = now });
        db.AuditRecords.Add(new AuditRecord { At = now, Actor = actor, Action = "academy.attemptRecorded", EntityType = "learner", EntityId = learnerId.ToString(), Details = JsonSerializer.Serialize(new { module = moduleId }, Json) });
        await db.SaveChangesAsync(cancellationToken);
        return null;
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
