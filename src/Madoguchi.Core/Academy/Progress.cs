using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Academy;

/// <summary>What happened when a staff member took a module once (a quiz may be taken several times).</summary>
/// <param name="ModuleId">The module.</param>
/// <param name="On">The day (in Japan).</param>
/// <param name="Completed">Video, document, exercise: finished. Session: attended. Quiz: ignored (the score decides).</param>
/// <param name="Score">Quiz only: the score 0–100.</param>
public sealed record ModuleAttempt(string ModuleId, DateOnly On, bool Completed, int? Score = null);

/// <summary>A skill level a staff member claims (self-assessed) or a leader/advisor confirmed (validated).</summary>
public sealed record SkillAssessment(string SkillId, int Level, bool Validated, DateOnly On);

/// <summary>Where one module stands for one person.</summary>
public sealed record ModuleProgress(Module Module, bool Done, DateOnly? DoneOn, int? BestScore, IReadOnlyList<string> MissingPrerequisites)
{
    public bool CanStart => MissingPrerequisites.Count == 0;
}

/// <summary>Where one learning path stands for one person.</summary>
public sealed record PathProgress(LearningPath Path, int DoneModules, int TotalModules, decimal Hours, decimal TotalHours, DateOnly? CompletedOn)
{
    public bool IsComplete => CompletedOn is not null;
}

/// <summary>Where one person stands against a tier's target profile.</summary>
public sealed record TierProgress(
    Tier Tier,
    decimal HoursCredited,
    IReadOnlyList<(SkillRequirement Requirement, int ValidatedLevel)> Skills,
    PathProgress? Path)
{
    public bool HoursMet => HoursCredited >= Tier.RequiredHours;

    public bool SkillsMet => Skills.All(s => s.ValidatedLevel >= s.Requirement.Level);

    public bool IsMet => HoursMet && SkillsMet && (Path?.IsComplete ?? true);
}

/// <summary>
/// Hour accounting, prerequisites, path completion and certifications from a person's attempts — pure rules, the same
/// for the person's own page, the dashboards and the publish-rights check.
/// </summary>
public static class Progress
{
    /// <summary>When a module counts as done: the first day a counting attempt happened, or null.</summary>
    public static (DateOnly? DoneOn, int? BestScore) Outcome(Module module, IEnumerable<ModuleAttempt> attempts)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(attempts);
        var mine = attempts.Where(a => a.ModuleId == module.Id).OrderBy(a => a.On).ToList();
        if (module.Kind == ModuleKind.Quiz)
        {
            var best = mine.Where(a => a.Score is not null).Select(a => a.Score).Max();
            var passed = mine.FirstOrDefault(a => a.Score is { } score && score >= (module.PassMark ?? 100));
            return (passed?.On, best);
        }

        return (mine.FirstOrDefault(a => a.Completed)?.On, null);
    }

    public static ModuleProgress Of(AcademyCatalog catalog, Module module, IReadOnlyCollection<ModuleAttempt> attempts)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(module);
        var (doneOn, best) = Outcome(module, attempts);
        var missing = module.Prerequisites
            .Where(id => catalog.FindModule(id) is not { } pre || Outcome(pre, attempts).DoneOn is null)
            .ToList();
        return new ModuleProgress(module, doneOn is not null, doneOn, best, missing);
    }

    /// <summary>
    /// Hours credited: each completed module's hours once, however many times it was taken, up to
    /// <paramref name="until"/> (inclusive) when given.
    /// </summary>
    public static decimal HoursCredited(AcademyCatalog catalog, IReadOnlyCollection<ModuleAttempt> attempts, DateOnly? until = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(attempts);
        var taken = attempts.Select(a => a.ModuleId).ToHashSet(StringComparer.Ordinal);
        return catalog.Modules
            .Where(m => taken.Contains(m.Id))
            .Sum(m => Outcome(m, attempts).DoneOn is { } on && (until is null || on <= until) ? m.Hours : 0m);
    }

    /// <summary>A path is complete on the day its last module was done.</summary>
    public static PathProgress Of(AcademyCatalog catalog, LearningPath path, IReadOnlyCollection<ModuleAttempt> attempts)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(path);
        var modules = path.ModuleIds.Select(catalog.FindModule).OfType<Module>().ToList();
        var outcomes = modules.Select(m => (Module: m, Outcome(m, attempts).DoneOn)).ToList();
        var done = outcomes.Where(o => o.DoneOn is not null).ToList();
        var complete = modules.Count > 0 && done.Count == modules.Count ? done.Max(o => o.DoneOn) : null;
        return new PathProgress(path, done.Count, modules.Count, done.Sum(o => o.Module.Hours), modules.Sum(m => m.Hours), complete);
    }

    /// <summary>The highest level leaders or advisors validated for a skill (self-assessments never count).</summary>
    public static int ValidatedLevel(string skillId, IEnumerable<SkillAssessment> assessments) =>
        assessments.Where(a => a.SkillId == skillId && a.Validated).Select(a => a.Level).DefaultIfEmpty(0).Max();

    public static TierProgress Of(AcademyCatalog catalog, Tier tier, IReadOnlyCollection<ModuleAttempt> attempts, IReadOnlyCollection<SkillAssessment> assessments)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(tier);
        ArgumentNullException.ThrowIfNull(assessments);
        var path = tier.PathId is { } id && catalog.FindPath(id) is { } p ? Of(catalog, p, attempts) : null;
        return new TierProgress(
            tier,
            HoursCredited(catalog, attempts),
            [.. tier.RequiredSkills.Select(r => (r, ValidatedLevel(r.SkillId, assessments)))],
            path);
    }

    /// <summary>The certifications earned: one per completed path, dated when the path was completed.</summary>
    public static IReadOnlyList<(Certification Certification, DateOnly On)> Certifications(AcademyCatalog catalog, IReadOnlyCollection<ModuleAttempt> attempts)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return [.. catalog.Paths.Select(p => (p.Certification, Of(catalog, p, attempts).CompletedOn)).Where(x => x.CompletedOn is not null).Select(x => (x.Certification, x.CompletedOn!.Value))];
    }
}

/// <summary>
/// Scores a quiz taken on line: each question is right when exactly its correct choices were chosen; the score is the
/// share of points, 0–100, rounded down (so a pass mark of 80 is never reached by rounding up).
/// </summary>
public static class QuizScoring
{
    public static int Score(Module quiz, IReadOnlyDictionary<string, IReadOnlyCollection<string>> chosen)
    {
        ArgumentNullException.ThrowIfNull(quiz);
        ArgumentNullException.ThrowIfNull(chosen);
        if (quiz.Kind != ModuleKind.Quiz || quiz.Questions.Count == 0)
        {
            throw new ArgumentException("Only a quiz with questions can be scored.", nameof(quiz));
        }

        var total = quiz.Questions.Sum(q => q.Points);
        var earned = quiz.Questions
            .Where(q => chosen.TryGetValue(q.Id, out var picked)
                && q.Choices.Where(c => c.Correct).Select(c => c.Id).ToHashSet(StringComparer.Ordinal).SetEquals(picked))
            .Sum(q => q.Points);
        return total == 0 ? 0 : earned * 100 / total;
    }
}

/// <summary>What a maker may do with procedures (作成・公開・決裁ルート管理).</summary>
public enum MakerAction
{
    Design,
    Publish,
    ManageRoutes,

    /// <summary>Validate staff members' skill levels and record session attendance and offline quiz scores (leaders/advisors).</summary>
    ValidateSkills,
}

/// <summary>
/// Maker governance: which certification an organisation requires for each action on procedures, and whether a staff
/// member holds it. No requirement set means the action is open to every staff member (the default).
/// </summary>
public sealed record MakerPolicy(IReadOnlyDictionary<MakerAction, string> RequiredCertifications)
{
    public static MakerPolicy Open { get; } = new(new Dictionary<MakerAction, string>());

    /// <summary>Null when allowed; otherwise why not, naming the certification still needed.</summary>
    public LocalizedText? Refusal(MakerAction action, AcademyCatalog catalog, IEnumerable<string> heldCertifications)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(heldCertifications);
        if (!RequiredCertifications.TryGetValue(action, out var required) || heldCertifications.Contains(required, StringComparer.Ordinal))
        {
            return null;
        }

        var name = catalog.Paths.Select(p => p.Certification).FirstOrDefault(c => c.Id == required)?.Name ?? new LocalizedText(required);
        var (ja, en) = action switch
        {
            MakerAction.Design => ("手続の作成", "design procedures"),
            MakerAction.Publish => ("手続の公開", "publish procedures"),
            MakerAction.ValidateSkills => ("スキルレベルの認定・出席の記録", "validate skill levels and record attendance"),
            _ => ("決裁ルートの管理", "manage approval routes"),
        };
        return new LocalizedText(
            $"{ja}には「{name.Ja}」の認定が必要です。学習パスを修了すると認定されます。",
            $"To {en} you need the certification \"{name.En ?? name.Ja}\"; it is granted when you complete its learning path.");
    }
}
