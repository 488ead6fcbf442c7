using System.Text.Json.Serialization;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Academy;

/// <summary>
/// An organisation's digital-talent programme as data (人材育成計画): the competency framework (skill areas, skills and
/// their levels), the tiers staff belong to with their target profiles, the learning content (courses and modules),
/// the learning paths that lead to certifications, and the multi-year plan. Read with <see cref="AcademyCatalogReader"/>;
/// see docs/academy.md.
/// </summary>
public sealed record AcademyCatalog
{
    [JsonPropertyName("areas")] public IReadOnlyList<SkillArea> Areas { get; init; } = [];

    [JsonPropertyName("tiers")] public IReadOnlyList<Tier> Tiers { get; init; } = [];

    [JsonPropertyName("courses")] public IReadOnlyList<Course> Courses { get; init; } = [];

    [JsonPropertyName("paths")] public IReadOnlyList<LearningPath> Paths { get; init; } = [];

    /// <summary>The target profile some years ahead and the milestones on the way (e.g. 2,000 staff in two years).</summary>
    [JsonPropertyName("plan")] public ProgrammePlan? Plan { get; init; }

    [JsonIgnore]
    public IEnumerable<Skill> Skills => Areas.SelectMany(a => a.Skills);

    [JsonIgnore]
    public IEnumerable<Module> Modules => Courses.SelectMany(c => c.Modules);

    public Module? FindModule(string id) => Modules.FirstOrDefault(m => m.Id == id);

    public LearningPath? FindPath(string id) => Paths.FirstOrDefault(p => p.Id == id);

    public Tier? FindTier(string id) => Tiers.FirstOrDefault(t => t.Id == id);

    public Skill? FindSkill(string id) => Skills.FirstOrDefault(s => s.Id == id);
}

/// <summary>A group of skills: データ活用, サービスデザイン, ローコード開発, 情報セキュリティ, 変革のリーダーシップ.</summary>
public sealed record SkillArea
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    [JsonPropertyName("name")] public LocalizedText Name { get; init; } = new("");

    [JsonPropertyName("skills")] public IReadOnlyList<Skill> Skills { get; init; } = [];
}

/// <summary>One skill with its levels (1 = lowest), each described by observable criteria.</summary>
public sealed record Skill
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    [JsonPropertyName("name")] public LocalizedText Name { get; init; } = new("");

    [JsonPropertyName("levels")] public IReadOnlyList<SkillLevel> Levels { get; init; } = [];

    [JsonIgnore]
    public int MaxLevel => Levels.Count == 0 ? 0 : Levels.Max(l => l.Level);
}

public sealed record SkillLevel
{
    [JsonPropertyName("level")] public int Level { get; init; }

    [JsonPropertyName("name")] public LocalizedText Name { get; init; } = new("");

    /// <summary>What someone at this level can be seen to do (観察可能な行動).</summary>
    [JsonPropertyName("criteria")] public IReadOnlyList<LocalizedText> Criteria { get; init; } = [];
}

/// <summary>A tier of staff (全職員 / デジタル推進リーダー / DXアドバイザー) and what its members are expected to reach.</summary>
public sealed record Tier
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    [JsonPropertyName("name")] public LocalizedText Name { get; init; } = new("");

    /// <summary>Training hours a member must have credited (e.g. 200 for a デジタル推進リーダー).</summary>
    [JsonPropertyName("requiredHours")] public decimal RequiredHours { get; init; }

    /// <summary>Skills and the validated level each must reach.</summary>
    [JsonPropertyName("requiredSkills")] public IReadOnlyList<SkillRequirement> RequiredSkills { get; init; } = [];

    /// <summary>The learning path members of the tier follow.</summary>
    [JsonPropertyName("path")] public string? PathId { get; init; }
}

public sealed record SkillRequirement(
    [property: JsonPropertyName("skill")] string SkillId,
    [property: JsonPropertyName("level")] int Level);

/// <summary>A course (講座) made of modules.</summary>
public sealed record Course
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    [JsonPropertyName("title")] public LocalizedText Title { get; init; } = new("");

    [JsonPropertyName("modules")] public IReadOnlyList<Module> Modules { get; init; } = [];
}

[JsonConverter(typeof(JsonStringEnumConverter<ModuleKind>))]
public enum ModuleKind
{
    /// <summary>A video to watch (link).</summary>
    [JsonStringEnumMemberName("video")] Video,

    /// <summary>A document to read (link).</summary>
    [JsonStringEnumMemberName("document")] Document,

    /// <summary>A guided exercise in the procedure designer.</summary>
    [JsonStringEnumMemberName("exercise")] Exercise,

    /// <summary>A quiz with a pass mark.</summary>
    [JsonStringEnumMemberName("quiz")] Quiz,

    /// <summary>An in-person session (集合研修) with attendance.</summary>
    [JsonStringEnumMemberName("session")] Session,
}

/// <summary>One unit of learning, credited with its hours once completed.</summary>
public sealed record Module
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    [JsonPropertyName("title")] public LocalizedText Title { get; init; } = new("");

    [JsonPropertyName("kind")] public ModuleKind Kind { get; init; }

    /// <summary>Hours credited on completion (0.25 steps are enough for anyone; any positive decimal is accepted).</summary>
    [JsonPropertyName("hours")] public decimal Hours { get; init; }

    [JsonPropertyName("url")] public string? Url { get; init; }

    /// <summary>Quiz only: the score (0–100) needed to pass.</summary>
    [JsonPropertyName("passMark")] public int? PassMark { get; init; }

    /// <summary>Modules that must be completed before this one can be started.</summary>
    [JsonPropertyName("prerequisites")] public IReadOnlyList<string> Prerequisites { get; init; } = [];

    /// <summary>Quiz only: the questions, scored by <see cref="QuizScoring"/> (a quiz without questions is scored offline and recorded).</summary>
    [JsonPropertyName("questions")] public IReadOnlyList<QuizQuestion> Questions { get; init; } = [];
}

/// <summary>One multiple-choice question; several correct choices mean all of them (and no other) must be chosen.</summary>
public sealed record QuizQuestion
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    [JsonPropertyName("text")] public LocalizedText Text { get; init; } = new("");

    [JsonPropertyName("choices")] public IReadOnlyList<QuizChoice> Choices { get; init; } = [];

    /// <summary>Points for a right answer (default 1).</summary>
    [JsonPropertyName("points")] public int Points { get; init; } = 1;
}

public sealed record QuizChoice
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    [JsonPropertyName("text")] public LocalizedText Text { get; init; } = new("");

    [JsonPropertyName("correct")] public bool Correct { get; init; }
}

/// <summary>A learning path: the modules a tier follows, leading to a certification when all are completed.</summary>
public sealed record LearningPath
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    [JsonPropertyName("title")] public LocalizedText Title { get; init; } = new("");

    [JsonPropertyName("modules")] public IReadOnlyList<string> ModuleIds { get; init; } = [];

    /// <summary>The certification (認定) earned by completing the path, e.g. 「ローコード作成者認定」.</summary>
    [JsonPropertyName("certification")] public Certification Certification { get; init; } = new();
}

public sealed record Certification
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    [JsonPropertyName("name")] public LocalizedText Name { get; init; } = new("");
}

/// <summary>The programme over several years: where the organisation wants to be and the milestones on the way.</summary>
public sealed record ProgrammePlan
{
    [JsonPropertyName("startYear")] public int StartYear { get; init; }

    [JsonPropertyName("targetYear")] public int TargetYear { get; init; }

    /// <summary>Per tier and year: how many members should have completed the tier's target profile by the end of that year.</summary>
    [JsonPropertyName("milestones")] public IReadOnlyList<Milestone> Milestones { get; init; } = [];
}

public sealed record Milestone(
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("tier")] string TierId,
    [property: JsonPropertyName("members")] int Members);
