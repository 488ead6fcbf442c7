using System.Text.Json;
using Madoguchi.Core.Academy;
using Madoguchi.Core.Procedures;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Academy;

/// <summary>Renders and signs a certificate (修了証) into <see cref="Certificate.Pdf"/> and <see cref="Certificate.Sha256"/>.</summary>
public interface ICertificateIssuer
{
    Task IssueAsync(Certificate certificate, Learner learner, Certification certification, LearningPath path, string organisationName, decimal pathHours, CancellationToken cancellationToken);
}

/// <summary>Everything the learner pages show about one person, read in one go.</summary>
public sealed record LearnerOverview(
    Learner Learner,
    AcademyCatalog Catalog,
    MakerPolicy Policy,
    IReadOnlyList<ModuleAttempt> Attempts,
    IReadOnlyList<SkillRecord> Skills,
    IReadOnlyList<Certificate> Certificates)
{
    public Tier? Tier => Catalog.FindTier(Learner.TierId);

    public decimal HoursCredited => Progress.HoursCredited(Catalog, [.. Attempts]);

    public IReadOnlyList<string> HeldCertifications => [.. Progress.Certifications(Catalog, [.. Attempts]).Select(c => c.Certification.Id)];

    public IReadOnlyList<SkillAssessment> Assessments => [.. Skills.Select(s => new SkillAssessment(s.SkillId, s.Level, s.Validated, s.On))];

    public ModuleProgress ProgressOf(Module module) => Progress.Of(Catalog, module, [.. Attempts]);

    /// <summary>The latest self-assessed level of a skill (0 when none).</summary>
    public int SelfLevel(string skillId) => Skills.Where(s => s.SkillId == skillId && !s.Validated).OrderByDescending(s => s.CreatedAt).Select(s => s.Level).FirstOrDefault();

    public int ValidatedLevel(string skillId) => Progress.ValidatedLevel(skillId, Assessments);
}

public sealed partial class AcademyService
{
    /// <summary>Renders and signs certificates as paths are completed; null leaves them to be issued on first download.</summary>
    public ICertificateIssuer? Issuer { get; init; }

    /// <summary>Today in Japan (learning is recorded by the Japanese calendar day).</summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime + TimeSpan.FromHours(9));

    public Task<Learner?> LearnerOfUserAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Learners.AsNoTracking().Where(l => l.AppUserId == userId).OrderBy(l => l.EmployeeNumber).FirstOrDefaultAsync(cancellationToken);

    public async Task<LearnerOverview?> OverviewAsync(Guid learnerId, CancellationToken cancellationToken)
    {
        var (catalog, policy) = await ProgrammeAsync(cancellationToken);
        var learner = await db.Learners.AsNoTracking().SingleOrDefaultAsync(l => l.Id == learnerId, cancellationToken);
        if (catalog is null || learner is null)
        {
            return null;
        }

        var skills = await db.SkillRecords.AsNoTracking().Where(s => s.LearnerId == learnerId).OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.LearnerId == learnerId).OrderBy(c => c.On)
            .Select(c => new Certificate { Id = c.Id, LearnerId = c.LearnerId, CertificationId = c.CertificationId, PathId = c.PathId, On = c.On, Sha256 = c.Sha256, IssuedAt = c.IssuedAt, CreatedAt = c.CreatedAt })
            .ToListAsync(cancellationToken);
        return new LearnerOverview(learner, catalog, policy, await AttemptsAsync(learnerId, cancellationToken), skills, certificates);
    }

    /// <summary>
    /// May this staff sign-in validate skill levels, record attendance and offline quiz scores? Admins may; so may
    /// holders of the certification the policy names for <see cref="MakerAction.ValidateSkills"/> (nobody else when
    /// none is named).
    /// </summary>
    public async Task<bool> CanValidateAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (await IsAdminAsync(userId, cancellationToken))
        {
            return true;
        }

        var (catalog, policy) = await ProgrammeAsync(cancellationToken);
        return catalog is not null && policy.RequiredCertifications.ContainsKey(MakerAction.ValidateSkills)
            && policy.Refusal(MakerAction.ValidateSkills, catalog, await CertificationsOfUserAsync(userId, catalog, cancellationToken)) is null;
    }

    public Task<bool> IsAdminAsync(Guid userId, CancellationToken cancellationToken) =>
        (from ur in db.UserRoles
         join r in db.Roles on ur.RoleId equals r.Id
         where ur.UserId == userId && r.Name == Roles.Admin
         select ur).AnyAsync(cancellationToken);

    /// <summary>
    /// A learner marks a video, document or exercise as done themself. Sessions need a leader to record attendance
    /// and quizzes are scored, so neither can be self-completed.
    /// </summary>
    public async Task<AttemptOutcome> CompleteOwnModuleAsync(Guid userId, string moduleId, string actor, CancellationToken cancellationToken)
    {
        if (await LearnerOfUserAsync(userId, cancellationToken) is not { } learner)
        {
            return AttemptOutcome.Refused(NotEnrolled);
        }

        var (catalog, _) = await ProgrammeAsync(cancellationToken);
        if (catalog?.FindModule(moduleId) is { Kind: ModuleKind.Session or ModuleKind.Quiz })
        {
            return AttemptOutcome.Refused(new LocalizedText(
                "集合研修の出席と小テストの結果は、自分では完了にできません。", "Session attendance and quiz results cannot be marked done by yourself."));
        }

        return await RecordAsync(learner.Id, moduleId, Today, completed: true, score: null, actor, cancellationToken);
    }

    /// <summary>A learner's answers to an on-line quiz: scored here (never by the browser) and recorded as an attempt.</summary>
    public async Task<(int? Score, AttemptOutcome Outcome)> SubmitQuizAsync(Guid userId, string moduleId, IReadOnlyDictionary<string, IReadOnlyCollection<string>> answers, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (await LearnerOfUserAsync(userId, cancellationToken) is not { } learner)
        {
            return (null, AttemptOutcome.Refused(NotEnrolled));
        }

        var (catalog, _) = await ProgrammeAsync(cancellationToken);
        if (catalog?.FindModule(moduleId) is not { Kind: ModuleKind.Quiz, Questions.Count: > 0 } quiz)
        {
            return (null, AttemptOutcome.Refused(new LocalizedText("このモジュールにはオンラインの小テストがありません。", "This module has no on-line quiz.")));
        }

        var score = QuizScoring.Score(quiz, answers);
        return (score, await RecordAsync(learner.Id, moduleId, Today, completed: false, score, actor, cancellationToken));
    }

    /// <summary>A leader, advisor or admin records attendance at a session or an offline quiz score for someone.</summary>
    public async Task<AttemptOutcome> RecordForAsync(Guid validatorUserId, Guid learnerId, string moduleId, int? score, string actor, CancellationToken cancellationToken)
    {
        if (!await CanValidateAsync(validatorUserId, cancellationToken))
        {
            return AttemptOutcome.Refused(NotValidator);
        }

        if (await db.Learners.AsNoTracking().AnyAsync(l => l.Id == learnerId && l.AppUserId == validatorUserId, cancellationToken)
            && !await IsAdminAsync(validatorUserId, cancellationToken))
        {
            return AttemptOutcome.Refused(new LocalizedText("自分の出席や点数は記録できません。ほかのリーダー・アドバイザーに依頼してください。", "You cannot record your own attendance or score; ask another leader or advisor."));
        }

        var (catalog, _) = await ProgrammeAsync(cancellationToken);
        var module = catalog?.FindModule(moduleId);
        return await RecordAsync(learnerId, moduleId, Today, completed: module?.Kind != ModuleKind.Quiz, module?.Kind == ModuleKind.Quiz ? score : null, actor, cancellationToken);
    }

    /// <summary>
    /// Records a skill level: the learner's own self-assessment (<paramref name="validate"/> false), or a leader's,
    /// advisor's or admin's validation of someone else's level.
    /// </summary>
    public async Task<LocalizedText?> AssessSkillAsync(Guid userId, Guid learnerId, string skillId, int level, bool validate, string actor, CancellationToken cancellationToken)
    {
        var (catalog, _) = await ProgrammeAsync(cancellationToken);
        var learner = await db.Learners.AsNoTracking().SingleOrDefaultAsync(l => l.Id == learnerId, cancellationToken);
        if (catalog is null || learner is null)
        {
            return new LocalizedText("職員が見つかりません。", "No such staff member.");
        }

        if (catalog.FindSkill(skillId) is not { } skill || level < 1 || level > skill.MaxLevel)
        {
            return new LocalizedText($"スキル「{skillId}」のレベル{level}は育成計画にありません。", $"The programme has no level {level} of the skill \"{skillId}\".");
        }

        if (validate)
        {
            if (!await CanValidateAsync(userId, cancellationToken))
            {
                return NotValidator;
            }

            if (learner.AppUserId == userId)
            {
                return new LocalizedText("自分のスキルレベルは認定できません。ほかのリーダー・アドバイザーに依頼してください。", "You cannot validate your own skill level; ask another leader or advisor.");
            }
        }
        else if (learner.AppUserId != userId)
        {
            return new LocalizedText("自己評価は本人だけが記録できます。", "Only the staff member can record their self-assessment.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.SkillRecords.Add(new SkillRecord { Id = Guid.CreateVersion7(), LearnerId = learnerId, SkillId = skillId, Level = level, Validated = validate, RecordedBy = actor, On = Today, CreatedAt = now });
        db.AuditRecords.Add(new AuditRecord
        {
            At = now,
            Actor = actor,
            Action = validate ? "academy.skillValidated" : "academy.skillSelfAssessed",
            EntityType = "learner",
            EntityId = learnerId.ToString(),
            Details = JsonSerializer.Serialize(new { skill = skillId, level }, Json),
        });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// Enrols staff records in a tier: everyone of a department, or everyone currently in another tier (or both
    /// filters together). Returns how many records moved, or why nothing was done.
    /// </summary>
    public async Task<(int Moved, LocalizedText? Refusal)> EnrolAsync(string? departmentCode, string? fromTierId, string tierId, string actor, CancellationToken cancellationToken)
    {
        var (catalog, _) = await ProgrammeAsync(cancellationToken);
        if (catalog?.FindTier(tierId) is null)
        {
            return (0, new LocalizedText($"階層「{tierId}」は育成計画にありません。", $"The programme has no tier \"{tierId}\"."));
        }

        departmentCode = string.IsNullOrWhiteSpace(departmentCode) ? null : departmentCode.Trim();
        fromTierId = string.IsNullOrWhiteSpace(fromTierId) ? null : fromTierId.Trim();
        if (departmentCode is null && fromTierId is null)
        {
            return (0, new LocalizedText("所属か現在の階層を選んでください。", "Choose a department or a current tier."));
        }

        var query = db.Learners.Where(l => l.TierId != tierId);
        if (departmentCode is not null)
        {
            query = query.Where(l => l.DepartmentCode == departmentCode);
        }

        if (fromTierId is not null)
        {
            query = query.Where(l => l.TierId == fromTierId);
        }

        var learners = await query.ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var learner in learners)
        {
            learner.TierId = tierId;
            learner.UpdatedAt = now;
        }

        db.AuditRecords.Add(new AuditRecord
        {
            At = now,
            Actor = actor,
            Action = "academy.enrolled",
            EntityType = "academy",
            EntityId = "staff",
            Details = JsonSerializer.Serialize(new { tier = tierId, department = departmentCode, fromTier = fromTierId, count = learners.Count }, Json),
        });
        await db.SaveChangesAsync(cancellationToken);
        return (learners.Count, null);
    }

    /// <summary>Recomputes every learner's completion rows from their attempts under <paramref name="catalog"/> (tracked; saved by the caller).</summary>
    private async Task RebuildCompletionsAsync(AcademyCatalog catalog, CancellationToken cancellationToken)
    {
        var records = (await db.LearningRecords.AsNoTracking()
            .Select(r => new { r.LearnerId, Attempt = new ModuleAttempt(r.ModuleId, r.On, r.Completed, r.Score) })
            .ToListAsync(cancellationToken)).ToLookup(r => r.LearnerId, r => r.Attempt);
        var completions = (await db.ModuleCompletions.ToListAsync(cancellationToken)).ToLookup(c => c.LearnerId);
        foreach (var learnerId in records.Select(g => g.Key).Union(completions.Select(g => g.Key)))
        {
            SyncCompletions(catalog, learnerId, [.. records[learnerId]], [.. completions[learnerId]]);
        }
    }

    public async Task<string> OrganisationNameAsync(CancellationToken cancellationToken) =>
        await db.Tenants.Where(t => t.Id == db.CurrentTenantId).Select(t => t.NameJa).SingleOrDefaultAsync(cancellationToken) ?? "";

    public static decimal PathHours(AcademyCatalog catalog, LearningPath path)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(path);
        return path.ModuleIds.Select(catalog.FindModule).OfType<Module>().Sum(m => m.Hours);
    }

    /// <summary>
    /// A certificate for download by its holder, an admin, or a leader/advisor (null when none of them or no such
    /// certificate). One recorded before an issuer was available (demo data) is issued now. Every download is audited.
    /// </summary>
    public async Task<Certificate?> DownloadCertificateAsync(Guid userId, Guid certificateId, string actor, CancellationToken cancellationToken)
    {
        var certificate = await db.Certificates.SingleOrDefaultAsync(c => c.Id == certificateId, cancellationToken);
        if (certificate is null)
        {
            return null;
        }

        var learner = await db.Learners.AsNoTracking().SingleAsync(l => l.Id == certificate.LearnerId, cancellationToken);
        if (learner.AppUserId != userId && !await CanValidateAsync(userId, cancellationToken))
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (certificate.Pdf is null)
        {
            var (catalog, _) = await ProgrammeAsync(cancellationToken);
            var path = catalog?.FindPath(certificate.PathId);
            if (Issuer is not { } issuer || catalog is null || path is null)
            {
                return null;
            }

            await issuer.IssueAsync(certificate, learner, path.Certification, path, await OrganisationNameAsync(cancellationToken), PathHours(catalog, path), cancellationToken);
            db.AuditRecords.Add(new AuditRecord
            {
                At = now,
                Actor = actor,
                Action = "academy.certificateIssued",
                EntityType = "learner",
                EntityId = learner.Id.ToString(),
                Details = JsonSerializer.Serialize(new { certification = certificate.CertificationId, sha256 = certificate.Sha256 }, Json),
            });
        }

        db.AuditRecords.Add(new AuditRecord
        {
            At = now,
            Actor = actor,
            Action = "academy.certificateDownloaded",
            EntityType = "learner",
            EntityId = learner.Id.ToString(),
            Details = JsonSerializer.Serialize(new { certificate = certificate.Id, sha256 = certificate.Sha256 }, Json),
        });
        await db.SaveChangesAsync(cancellationToken);
        return certificate;
    }

    private static readonly LocalizedText NotEnrolled = new(
        "あなたの職員記録が育成プログラムにありません。管理者に職員名簿の登録を依頼してください。",
        "You have no staff record in the programme; ask an administrator to import you from the staff list.");

    private static readonly LocalizedText NotValidator = new(
        "スキルの認定と出席・点数の記録は、リーダー・アドバイザー（認定を受けた職員）か管理者が行います。",
        "Skill validation and recording attendance or scores are for leaders and advisors (certified staff) or administrators.");
}
