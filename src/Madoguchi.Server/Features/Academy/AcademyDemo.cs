using System.Globalization;
using System.Text.Json.Nodes;
using Madoguchi.Core.Academy;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Academy;

/// <summary>
/// Demo (and benchmark) data modelled on a city's two-year programme: about 2,000 staff across the city's bureaus,
/// the upper tiers sized from the plan's milestones (e.g. 100 デジタル推進リーダー, 40 DXアドバイザー), and realistic
/// partial progress since the plan's start. Deterministic (a seeded <see cref="Random"/>) and written in one save with
/// change detection off, so it stays a small part of the demo's start-up.
/// </summary>
public static class AcademyDemo
{
    /// <summary>Departments of the demo city (code, 日本語, English, relative size).</summary>
    public static readonly IReadOnlyList<(string Code, string Ja, string En, int Weight)> Departments =
    [
        ("somu", "総務局", "General Affairs Bureau", 8),
        ("toshi-seisaku", "都市政策局", "Urban Policy Bureau", 5),
        ("shimin", "市民課", "Citizens Division", 9),
        ("fukushi", "福祉課", "Welfare Division", 12),
        ("kodomo", "こども未来局", "Children's Future Bureau", 10),
        ("keizai", "経済局", "Economic Bureau", 6),
        ("bunka", "文化スポーツ局", "Culture and Sports Bureau", 4),
        ("kankyo", "環境局", "Environment Bureau", 7),
        ("toshi-seibi", "都市整備局", "Urban Development Bureau", 7),
        ("doboku", "土木局", "Civil Engineering Bureau", 8),
        ("shobo", "消防局", "Fire Bureau", 9),
        ("kyoiku", "教育委員会", "Board of Education", 8),
        ("zaisei", "財政課", "Finance Division", 3),
        ("sangyo", "産業振興課", "Industrial Promotion Division", 2),
        ("koho", "秘書広報課", "Secretariat and Public Relations Division", 2),
    ];

    private static readonly string[] FamilyNames = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水", "山崎", "森", "池田", "橋本", "阿部", "石川", "前田", "藤田", "小川", "岡田"];
    private static readonly string[] GivenNames = ["太郎", "花子", "一郎", "美咲", "健太", "陽菜", "翔", "結衣", "大輔", "さくら", "拓也", "愛", "誠", "真由美", "浩二", "由美子", "隆", "明美", "直樹", "恵"];
    private static readonly string[] Positions = ["主事", "主任", "主査", "係長", "課長補佐", "課長"];

    public sealed record Counts(int Learners, int Records, int Completions, int Certificates, int Skills);

    /// <summary>
    /// Adds <paramref name="staff"/> learners with records under <paramref name="catalog"/>. <paramref name="linked"/>
    /// sign-ins become the first learners (with <paramref name="allModules"/>, everyone works through every module
    /// in catalog order rather than their tier's path: the benchmark's worst case): the first one a member of the highest tier who completed its path (so the
    /// demo admin can validate and see the dashboards), the others members of the base tier part way through.
    /// </summary>
    public static async Task<Counts> SeedAsync(AppDbContext db, Guid tenantId, AcademyCatalog catalog, int staff, DateOnly today, int seed, IReadOnlyList<(Guid UserId, string Email, string Name, string Department)> linked, CancellationToken cancellationToken, bool allModules = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(linked);
        var random = new Random(seed);
        var now = DateTime.UtcNow;
        var tiers = catalog.Tiers.OrderBy(t => t.RequiredHours).ToList();
        if (tiers.Count == 0)
        {
            return new Counts(0, 0, 0, 0, 0);
        }

        // Upper tiers sized by their largest milestone; everyone else is in the base tier.
        var sizes = tiers.Skip(1).ToDictionary(t => t.Id, t => catalog.Plan?.Milestones.Where(m => m.TierId == t.Id).Select(m => m.Members).DefaultIfEmpty(0).Max() ?? 0);
        var assignment = new List<Tier>();
        foreach (var tier in tiers.Skip(1).Reverse())
        {
            assignment.AddRange(Enumerable.Repeat(tier, Math.Min(sizes[tier.Id], staff / 4)));
        }

        var top = assignment.Count > 0 ? assignment[0] : tiers[0];
        assignment.AddRange(Enumerable.Repeat(tiers[0], Math.Max(0, staff - assignment.Count)));
        assignment = [.. assignment.Take(staff)];
        var pool = assignment.OrderBy(_ => random.Next()).ToList();

        // The linked sign-ins take their places without changing the tier sizes: the first the top tier, the rest the base.
        for (var i = 0; i < Math.Min(linked.Count, pool.Count); i++)
        {
            var wanted = i == 0 ? top : tiers[0];
            var k = pool.FindIndex(i, t => t == wanted);
            if (k > i)
            {
                (pool[i], pool[k]) = (pool[k], pool[i]);
            }
        }

        var known = await db.Departments.Select(d => d.Code).ToListAsync(cancellationToken);
        var sort = 100;
        foreach (var d in Departments.Where(d => !known.Contains(d.Code)))
        {
            db.Departments.Add(new Department { Id = Guid.CreateVersion7(), TenantId = tenantId, Code = d.Code, NameJa = d.Ja, NameEn = d.En, SortOrder = sort += 10 });
        }

        var totalWeight = Departments.Sum(d => d.Weight);
        var start = catalog.Plan is { } plan ? new DateOnly(plan.StartYear, 4, 1) : today.AddDays(-365);
        if (start >= today)
        {
            start = today.AddDays(-180);
        }

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var learners = new List<Learner>(staff);
        var records = new List<LearningRecord>();
        var completions = new List<ModuleCompletion>();
        var certificates = new List<Certificate>();
        var skills = new List<SkillRecord>();
        for (var i = 0; i < pool.Count; i++)
        {
            var link = i < linked.Count ? linked[i] : default;
            var tier = pool[i];
            var weight = random.Next(totalWeight);
            var department = Departments.SkipWhile(d => (weight -= d.Weight) >= 0).First().Code;
            var learner = new Learner
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenantId,
                EmployeeNumber = "K" + (10001 + i).ToString(CultureInfo.InvariantCulture),
                Name = i < linked.Count ? link.Name : $"{FamilyNames[random.Next(FamilyNames.Length)]} {GivenNames[random.Next(GivenNames.Length)]}",
                DepartmentCode = i < linked.Count && !string.IsNullOrEmpty(link.Department) ? link.Department : department,
                Position = Positions[Math.Min(Positions.Length - 1, random.Next(Positions.Length) + (tier == tiers[0] ? 0 : 1))],
                TierId = tier.Id,
                Email = i < linked.Count ? link.Email : null,
                AppUserId = i < linked.Count ? link.UserId : null,
                CreatedAt = now,
                UpdatedAt = now,
            };
            learners.Add(learner);

            var path = tier.PathId is { } p ? catalog.FindPath(p) : null;
            var modules = allModules ? catalog.Modules.ToList() : path?.ModuleIds.Select(catalog.FindModule).OfType<Module>().ToList() ?? [];
            var maxStep = Math.Max(3, 2 * (today.DayNumber - start.DayNumber) / Math.Max(1, 2 * modules.Count));
            var roll = random.NextDouble();
            var share = i == 0 && linked.Count > 0 ? 1.0
                : i < linked.Count ? 0.5
                : tier == tiers[0] ? (roll < 0.55 ? 1.0 : roll < 0.8 ? random.NextDouble() : 0)
                : (roll < 0.3 ? 1.0 : roll < 0.92 ? 0.2 + random.NextDouble() * 0.75 : 0);
            var take = (int)Math.Round(modules.Count * share);
            var day = start.AddDays(random.Next(Math.Max(1, (today.DayNumber - start.DayNumber) / 2)));
            var done = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
            foreach (var module in modules.Take(take))
            {
                day = day.AddDays(1 + random.Next(i == 0 ? 2 : Math.Min(14, maxStep)));
                if (day > today)
                {
                    break;
                }

                if (module.Kind == ModuleKind.Quiz)
                {
                    var pass = module.PassMark ?? 100;
                    if (random.NextDouble() < 0.25 && pass > 10)
                    {
                        records.Add(Record(learner, module.Id, day.AddDays(-1), false, pass - 1 - random.Next(10), now));
                    }

                    records.Add(Record(learner, module.Id, day, false, pass + random.Next(101 - pass), now));
                }
                else
                {
                    records.Add(Record(learner, module.Id, day, true, null, now));
                }

                done[module.Id] = day;
                completions.Add(new ModuleCompletion { Id = Guid.CreateVersion7(), TenantId = tenantId, LearnerId = learner.Id, ModuleId = module.Id, On = day, Minutes = AcademyService.MinutesOf(module) });
            }

            foreach (var completed in catalog.Paths.Where(p => p.ModuleIds.Count > 0 && p.ModuleIds.All(done.ContainsKey)))
            {
                certificates.Add(new Certificate
                {
                    Id = Guid.CreateVersion7(),
                    TenantId = tenantId,
                    LearnerId = learner.Id,
                    CertificationId = completed.Certification.Id,
                    PathId = completed.Id,
                    On = completed.ModuleIds.Max(id => done[id]),
                    CreatedAt = now,
                });
            }

            var pathComplete = path is not null && path.ModuleIds.All(done.ContainsKey);
            foreach (var requirement in tier.RequiredSkills)
            {
                if (pathComplete)
                {
                    skills.Add(new SkillRecord { Id = Guid.CreateVersion7(), TenantId = tenantId, LearnerId = learner.Id, SkillId = requirement.SkillId, Level = requirement.Level, Validated = true, RecordedBy = "system:demo", On = day, CreatedAt = now });
                }
                else if (random.NextDouble() < 0.3)
                {
                    skills.Add(new SkillRecord { Id = Guid.CreateVersion7(), TenantId = tenantId, LearnerId = learner.Id, SkillId = requirement.SkillId, Level = Math.Max(1, requirement.Level - 1), Validated = false, RecordedBy = "system:demo", On = day, CreatedAt = now });
                }
            }
        }

        db.Learners.AddRange(learners);
        db.LearningRecords.AddRange(records);
        db.ModuleCompletions.AddRange(completions);
        db.Certificates.AddRange(certificates);
        db.SkillRecords.AddRange(skills);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        db.ChangeTracker.Clear();
        return new Counts(learners.Count, records.Count, completions.Count, certificates.Count, skills.Count);
    }

    private static LearningRecord Record(Learner learner, string moduleId, DateOnly on, bool completed, int? score, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = learner.TenantId,
        LearnerId = learner.Id,
        ModuleId = moduleId,
        On = on,
        Completed = completed,
        Score = score,
        RecordedBy = "system:demo",
        CreatedAt = now,
    };

    /// <summary>
    /// A synthetic programme with <paramref name="modules"/> modules (for the benchmark: 2,000 staff × 50 modules):
    /// three tiers whose paths take the first third, two thirds and all of the modules in a chain of prerequisites.
    /// </summary>
    public static string SyntheticProgramme(int modules)
    {
        var ids = Enumerable.Range(1, modules).Select(i => $"m{i:00}").ToList();
        static JsonObject Name(string ja) => new() { ["ja"] = ja };
        JsonObject Module(int i)
        {
            var quiz = i % 10 == 9;
            var m = new JsonObject { ["id"] = ids[i], ["title"] = Name($"モジュール{i + 1}"), ["kind"] = quiz ? "quiz" : i % 3 == 0 ? "video" : "exercise", ["hours"] = (i % 5) + 1 };
            if (quiz)
            {
                m["passMark"] = 70;
            }

            if (i > 0)
            {
                m["prerequisites"] = new JsonArray(ids[i - 1]);
            }

            return m;
        }

        JsonObject PathOf(string id, int count, string certification) => new()
        {
            ["id"] = id,
            ["title"] = Name(id),
            ["modules"] = new JsonArray([.. ids.Take(count).Select(m => (JsonNode)m)]),
            ["certification"] = new JsonObject { ["id"] = certification, ["name"] = Name(certification) },
        };
        int Hours(int count) => Enumerable.Range(0, count).Sum(i => (i % 5) + 1);
        JsonObject TierOf(string id, string ja, int count, string path) => new() { ["id"] = id, ["name"] = Name(ja), ["requiredHours"] = Hours(count), ["path"] = path };
        JsonObject Milestone(int year, string tier, int members) => new() { ["year"] = year, ["tier"] = tier, ["members"] = members };
        var third = modules / 3;
        var programme = new JsonObject
        {
            ["areas"] = new JsonArray(new JsonObject
            {
                ["id"] = "a",
                ["name"] = Name("領域"),
                ["skills"] = new JsonArray(new JsonObject
                {
                    ["id"] = "s",
                    ["name"] = Name("スキル"),
                    ["levels"] = new JsonArray(new JsonObject { ["level"] = 1, ["name"] = Name("1") }, new JsonObject { ["level"] = 2, ["name"] = Name("2") }),
                }),
            }),
            ["tiers"] = new JsonArray(TierOf("all-staff", "全職員", third, "p1"), TierOf("leader", "リーダー", 2 * third, "p2"), TierOf("advisor", "アドバイザー", modules, "p3")),
            ["courses"] = new JsonArray(new JsonObject { ["id"] = "c", ["title"] = Name("講座"), ["modules"] = new JsonArray([.. Enumerable.Range(0, modules).Select(i => (JsonNode)Module(i))]) }),
            ["paths"] = new JsonArray(PathOf("p1", third, "cert-1"), PathOf("p2", 2 * third, "cert-2"), PathOf("p3", modules, "cert-3")),
            ["plan"] = new JsonObject
            {
                ["startYear"] = 2026,
                ["targetYear"] = 2030,
                ["milestones"] = new JsonArray(Milestone(2027, "all-staff", 2000), Milestone(2027, "leader", 100), Milestone(2028, "advisor", 40)),
            },
        };
        return programme.ToJsonString();
    }
}
