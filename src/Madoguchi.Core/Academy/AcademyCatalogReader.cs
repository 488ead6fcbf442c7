using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Academy;

/// <summary>The outcome of reading a catalog: the catalog only when there is no problem.</summary>
public sealed record AcademyCatalogResult(AcademyCatalog? Catalog, IReadOnlyList<DefinitionProblem> Problems)
{
    public bool IsValid => Catalog is not null && Problems.Count == 0;
}

/// <summary>
/// Reads an <see cref="AcademyCatalog"/> from JSON and checks it as a whole: ids, references between skills, tiers,
/// modules and paths, prerequisites (no unknown module, no cycle), pass marks, hours and the plan. Every problem has
/// its JSON path and a message in Japanese and English; nothing is accepted while one remains.
/// </summary>
public static partial class AcademyCatalogReader
{
    public const decimal MaxModuleHours = 1000m;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = false,
    };

    public static AcademyCatalogResult Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        AcademyCatalog? catalog;
        try
        {
            catalog = JsonSerializer.Deserialize<AcademyCatalog>(json, Options);
        }
        catch (JsonException ex)
        {
            var path = string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path;
            return new AcademyCatalogResult(null, [new DefinitionProblem(path, "invalidJson", new LocalizedText(
                $"{path}: JSONとして読めないか、形が違います（{ex.Message}）。",
                $"{path}: not readable as JSON or of the wrong shape ({ex.Message})."))]);
        }

        if (catalog is null)
        {
            return new AcademyCatalogResult(null, [new DefinitionProblem("$", "invalidJson", new LocalizedText("空のカタログです。", "The catalog is empty."))]);
        }

        var problems = Check(catalog);
        return new AcademyCatalogResult(problems.Count == 0 ? catalog : null, problems);
    }

    public static IReadOnlyList<DefinitionProblem> Check(AcademyCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var problems = new List<DefinitionProblem>();
        void Add(string path, string code, string ja, string en) => problems.Add(new DefinitionProblem(path, code, new LocalizedText(ja, en)));

        // Each kind of thing has its own ids (a tier and a course may both be called "leader").
        var namespaces = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        void Id(string path, string id)
        {
            var kind = System.Text.RegularExpressions.Regex.Replace(path, @"\[\d+\]", "");
            if (!namespaces.TryGetValue(kind, out var ids))
            {
                namespaces[kind] = ids = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            if (!IdPattern().IsMatch(id))
            {
                Add(path + ".id", "invalidId", $"id「{id}」は英字で始まる英数字・-・_（64文字以内）にしてください。", $"Id \"{id}\" must start with a letter and use letters, digits, - or _ (at most 64).");
            }
            else if (!ids.TryAdd(id, path))
            {
                Add(path + ".id", "duplicateId", $"id「{id}」は {ids[id]} でも使われています。", $"Id \"{id}\" is also used at {ids[id]}.");
            }
        }

        void Name(string path, LocalizedText? text)
        {
            if (text is null || string.IsNullOrWhiteSpace(text.Ja))
            {
                Add(path + ".ja", "required", "日本語の名前を入れてください。", "Give the Japanese name.");
            }
        }

        for (var a = 0; a < catalog.Areas.Count; a++)
        {
            var area = catalog.Areas[a];
            var areaPath = $"$.areas[{a}]";
            Id(areaPath, area.Id);
            Name(areaPath + ".name", area.Name);
            for (var s = 0; s < area.Skills.Count; s++)
            {
                var skill = area.Skills[s];
                var skillPath = $"{areaPath}.skills[{s}]";
                Id(skillPath, skill.Id);
                Name(skillPath + ".name", skill.Name);
                var levels = skill.Levels.Select(l => l.Level).ToList();
                if (levels.Count == 0 || !levels.Order().SequenceEqual(Enumerable.Range(1, levels.Count)))
                {
                    Add(skillPath + ".levels", "levelsNotConsecutive", "レベルは1から順に重複なく定義してください（1, 2, 3…）。", "Define the levels from 1 upwards without gaps or repeats (1, 2, 3…).");
                }
            }
        }

        for (var c = 0; c < catalog.Courses.Count; c++)
        {
            var course = catalog.Courses[c];
            var coursePath = $"$.courses[{c}]";
            Id(coursePath, course.Id);
            Name(coursePath + ".title", course.Title);
            for (var m = 0; m < course.Modules.Count; m++)
            {
                var module = course.Modules[m];
                var modulePath = $"{coursePath}.modules[{m}]";
                Id(modulePath, module.Id);
                Name(modulePath + ".title", module.Title);
                if (module.Hours <= 0 || module.Hours > MaxModuleHours)
                {
                    Add(modulePath + ".hours", "outOfRange", $"時間数は0より大きく{MaxModuleHours.ToString(CultureInfo.InvariantCulture)}以下にしてください。", $"Hours must be more than 0 and at most {MaxModuleHours.ToString(CultureInfo.InvariantCulture)}.");
                }

                if (module.Kind == ModuleKind.Quiz && module.PassMark is not (>= 0 and <= 100))
                {
                    Add(modulePath + ".passMark", "passMarkRequired", "小テストには合格点（0〜100）が必要です。", "A quiz needs a pass mark (0 to 100).");
                }
                else if (module.Kind != ModuleKind.Quiz && module.PassMark is not null)
                {
                    Add(modulePath + ".passMark", "notApplicable", "合格点は小テストにだけ指定できます。", "Only a quiz has a pass mark.");
                }

                if (module.Kind != ModuleKind.Quiz && module.Questions.Count > 0)
                {
                    Add(modulePath + ".questions", "notApplicable", "問題は小テストにだけ指定できます。", "Only a quiz has questions.");
                }

                var questionIds = new HashSet<string>(StringComparer.Ordinal);
                for (var q = 0; q < module.Questions.Count; q++)
                {
                    var question = module.Questions[q];
                    var questionPath = $"{modulePath}.questions[{q}]";
                    if (!IdPattern().IsMatch(question.Id) || !questionIds.Add(question.Id))
                    {
                        Add(questionPath + ".id", "invalidId", "問題のidは英字で始まり、小テストの中で重複しないようにしてください。", "A question id must start with a letter and be unique within the quiz.");
                    }

                    Name(questionPath + ".text", question.Text);
                    if (question.Choices.Count < 2 || !question.Choices.Any(c => c.Correct))
                    {
                        Add(questionPath + ".choices", "invalidChoices", "選択肢は2つ以上、うち正解を1つ以上にしてください。", "Give at least two choices, at least one of them correct.");
                    }

                    if (question.Points < 1)
                    {
                        Add(questionPath + ".points", "outOfRange", "配点は1以上にしてください。", "Points must be at least 1.");
                    }

                    if (question.Choices.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count() != question.Choices.Count)
                    {
                        Add(questionPath + ".choices", "duplicateId", "選択肢のidが重複しています。", "Two choices have the same id.");
                    }
                }

                if (module.Url is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
                {
                    Add(modulePath + ".url", "invalidUrl", "URLは http:// か https:// で始まる完全なアドレスにしてください。", "The URL must be a full http:// or https:// address.");
                }
            }
        }

        // References are checked once every id is known.
        var modules = catalog.Modules.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        for (var c = 0; c < catalog.Courses.Count; c++)
        {
            for (var m = 0; m < catalog.Courses[c].Modules.Count; m++)
            {
                var module = catalog.Courses[c].Modules[m];
                for (var p = 0; p < module.Prerequisites.Count; p++)
                {
                    var pre = module.Prerequisites[p];
                    if (!modules.ContainsKey(pre) || pre == module.Id)
                    {
                        Add($"$.courses[{c}].modules[{m}].prerequisites[{p}]", "unknownModule", $"前提のモジュール「{pre}」がありません（自分自身も指定できません）。", $"There is no prerequisite module \"{pre}\" (a module cannot require itself).");
                    }
                }
            }
        }

        foreach (var cycle in PrerequisiteCycles(modules))
        {
            Add("$.courses", "prerequisiteCycle", $"前提が循環しています: {string.Join(" → ", cycle)}", $"Prerequisites go round in a circle: {string.Join(" → ", cycle)}");
        }

        var certifications = new HashSet<string>(StringComparer.Ordinal);
        for (var p = 0; p < catalog.Paths.Count; p++)
        {
            var path = catalog.Paths[p];
            var pathPath = $"$.paths[{p}]";
            Id(pathPath, path.Id);
            Name(pathPath + ".title", path.Title);
            if (path.ModuleIds.Count == 0)
            {
                Add(pathPath + ".modules", "noModules", "学習パスにはモジュールが1つ以上必要です。", "A learning path needs at least one module.");
            }

            for (var i = 0; i < path.ModuleIds.Count; i++)
            {
                if (!modules.ContainsKey(path.ModuleIds[i]))
                {
                    Add($"{pathPath}.modules[{i}]", "unknownModule", $"モジュール「{path.ModuleIds[i]}」がありません。", $"There is no module \"{path.ModuleIds[i]}\".");
                }
            }

            if (!IdPattern().IsMatch(path.Certification.Id))
            {
                Add(pathPath + ".certification.id", "invalidId", "認定のidを英字で始まる英数字・-・_で入れてください。", "Give the certification an id of letters, digits, - or _, starting with a letter.");
            }
            else if (!certifications.Add(path.Certification.Id))
            {
                Add(pathPath + ".certification.id", "duplicateId", $"認定「{path.Certification.Id}」は別の学習パスでも使われています。", $"Certification \"{path.Certification.Id}\" is used by another path too.");
            }

            Name(pathPath + ".certification.name", path.Certification.Name);
        }

        var skills = catalog.Skills.GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        for (var t = 0; t < catalog.Tiers.Count; t++)
        {
            var tier = catalog.Tiers[t];
            var tierPath = $"$.tiers[{t}]";
            Id(tierPath, tier.Id);
            Name(tierPath + ".name", tier.Name);
            if (tier.RequiredHours < 0)
            {
                Add(tierPath + ".requiredHours", "outOfRange", "必要時間数は0以上にしてください。", "Required hours cannot be negative.");
            }

            if (tier.PathId is { } pathId && catalog.FindPath(pathId) is null)
            {
                Add(tierPath + ".path", "unknownPath", $"学習パス「{pathId}」がありません。", $"There is no learning path \"{pathId}\".");
            }

            for (var r = 0; r < tier.RequiredSkills.Count; r++)
            {
                var requirement = tier.RequiredSkills[r];
                if (!skills.TryGetValue(requirement.SkillId, out var skill))
                {
                    Add($"{tierPath}.requiredSkills[{r}].skill", "unknownSkill", $"スキル「{requirement.SkillId}」がありません。", $"There is no skill \"{requirement.SkillId}\".");
                }
                else if (requirement.Level < 1 || requirement.Level > skill.MaxLevel)
                {
                    Add($"{tierPath}.requiredSkills[{r}].level", "outOfRange", $"スキル「{skill.Id}」のレベルは1〜{skill.MaxLevel}です。", $"Skill \"{skill.Id}\" has levels 1 to {skill.MaxLevel}.");
                }
            }
        }

        if (catalog.Plan is { } plan)
        {
            if (plan.StartYear < 2000 || plan.TargetYear < plan.StartYear || plan.TargetYear > plan.StartYear + 20)
            {
                Add("$.plan", "invalidYears", "計画の開始年と目標年を正しく入れてください（開始年 ≤ 目標年、20年以内）。", "Give a start year and a target year (start ≤ target, at most 20 years apart).");
            }

            for (var i = 0; i < plan.Milestones.Count; i++)
            {
                var milestone = plan.Milestones[i];
                if (milestone.Year < plan.StartYear || milestone.Year > plan.TargetYear)
                {
                    Add($"$.plan.milestones[{i}].year", "outOfRange", "マイルストーンの年は計画の期間内にしてください。", "A milestone's year must fall within the plan.");
                }

                if (catalog.FindTier(milestone.TierId) is null)
                {
                    Add($"$.plan.milestones[{i}].tier", "unknownTier", $"階層「{milestone.TierId}」がありません。", $"There is no tier \"{milestone.TierId}\".");
                }

                if (milestone.Members < 0)
                {
                    Add($"$.plan.milestones[{i}].members", "outOfRange", "人数は0以上にしてください。", "The number of members cannot be negative.");
                }
            }
        }

        return problems;
    }

    /// <summary>Each cycle in the prerequisite graph once, as the ids along it (first id repeated at the end).</summary>
    private static List<List<string>> PrerequisiteCycles(Dictionary<string, Module> modules)
    {
        var cycles = new List<List<string>>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var stack = new List<string>();

        void Visit(string id)
        {
            state[id] = 1;
            stack.Add(id);
            foreach (var pre in modules[id].Prerequisites.Where(p => modules.ContainsKey(p) && p != id))
            {
                if (state.GetValueOrDefault(pre) == 1)
                {
                    cycles.Add([.. stack.Skip(stack.IndexOf(pre)), pre]);
                }
                else if (state.GetValueOrDefault(pre) == 0)
                {
                    Visit(pre);
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[id] = 2;
        }

        foreach (var id in modules.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(id) == 0)
            {
                Visit(id);
            }
        }

        return cycles;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
