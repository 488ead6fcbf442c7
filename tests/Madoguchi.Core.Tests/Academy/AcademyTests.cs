using System.Text.Json.Nodes;
using Madoguchi.Core.Academy;
using Madoguchi.Core.Tests.Procedures;

namespace Madoguchi.Core.Tests.Academy;

/// <summary>The programme catalog as data, hour accounting, prerequisites, paths, certifications and publish rights.</summary>
public sealed class AcademyTests
{
    private static readonly string ProgrammeJson = File.ReadAllText(RepositoryFiles.PathOf("samples", "academy", "programme.json"));

    private static readonly AcademyCatalog Catalog = AcademyCatalogReader.Read(ProgrammeJson).Catalog!;

    private static readonly DateOnly Day1 = new(2026, 5, 1);

    private static ModuleAttempt Done(string id, int day = 0) => new(id, Day1.AddDays(day), Completed: true);

    private static ModuleAttempt Quiz(string id, int score, int day = 0) => new(id, Day1.AddDays(day), Completed: false, score);

    private static AcademyCatalogResult ReadModified(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(ProgrammeJson)!.AsObject();
        change(root);
        return AcademyCatalogReader.Read(root.ToJsonString());
    }

    [Fact]
    public void The_sample_programme_reads_without_problems()
    {
        var result = AcademyCatalogReader.Read(ProgrammeJson);

        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => $"{p.Path} {p.Code}")));
        Assert.Equal(["all-staff", "leader", "advisor"], result.Catalog!.Tiers.Select(t => t.Id));
        Assert.Equal(200, result.Catalog.FindTier("leader")!.RequiredHours);
        Assert.Equal(208m, result.Catalog.FindPath("path-leader")!.ModuleIds.Sum(id => result.Catalog.FindModule(id)!.Hours));
    }

    [Fact]
    public void Catalog_problems_are_reported_with_their_paths()
    {
        var result = ReadModified(root =>
        {
            var basics = root["courses"]![0]!["modules"]!.AsArray();
            basics[1]!["id"] = "dx-intro";                                     // duplicate id
            basics[0]!["prerequisites"] = new JsonArray("basics-quiz");        // a cycle through basics-quiz → dx-intro
            basics[2]!["prerequisites"] = new JsonArray("nowhere");            // unknown module
            basics[4]!.AsObject().Remove("passMark");                          // a quiz without pass mark
            basics[3]!["passMark"] = 50;                                       // a pass mark on an exercise
            basics[3]!["hours"] = 0;
            root["areas"]![0]!["skills"]![0]!["levels"]!.AsArray().RemoveAt(1); // levels 1, 3
            root["tiers"]![1]!["requiredSkills"]![0]!["level"] = 9;
            root["plan"]!["milestones"]![0]!["tier"] = "mayor";
        });

        Assert.False(result.IsValid);
        var found = result.Problems.Select(p => (p.Path, p.Code)).ToList();
        Assert.Contains(("$.courses[0].modules[1].id", "duplicateId"), found);
        Assert.Contains(("$.courses[0].modules[2].prerequisites[0]", "unknownModule"), found);
        Assert.Contains(("$.courses", "prerequisiteCycle"), found);
        Assert.Contains(("$.courses[0].modules[4].passMark", "passMarkRequired"), found);
        Assert.Contains(("$.courses[0].modules[3].passMark", "notApplicable"), found);
        Assert.Contains(("$.courses[0].modules[3].hours", "outOfRange"), found);
        Assert.Contains(("$.areas[0].skills[0].levels", "levelsNotConsecutive"), found);
        Assert.Contains(("$.tiers[1].requiredSkills[0].level", "outOfRange"), found);
        Assert.Contains(("$.plan.milestones[0].tier", "unknownTier"), found);
        Assert.True(result.Problems.Count >= 9);
        Assert.All(result.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message.Ja) || string.IsNullOrWhiteSpace(p.Message.En)));
    }

    [Fact]
    public void An_unknown_property_or_a_wrong_type_is_a_problem_with_its_path()
    {
        var unknown = ReadModified(root => root["colour"] = "red");
        Assert.Equal("invalidJson", Assert.Single(unknown.Problems).Code);
        var wrong = ReadModified(root => root["tiers"]![0]!["requiredHours"] = "many");
        Assert.Equal("$.tiers[0].requiredHours", Assert.Single(wrong.Problems).Path);
    }

    [Fact]
    public void Hours_are_credited_once_per_completed_module_and_only_for_passed_quizzes()
    {
        ModuleAttempt[] attempts =
        [
            Done("dx-intro"), Done("dx-intro", 3),          // taken twice: counted once
            Done("security-101"),
            new("data-101", Day1, Completed: false),          // opened, not finished
            Quiz("basics-quiz", 60, 1),                       // failed (pass mark 80)
        ];
        Assert.Equal(2m, Progress.HoursCredited(Catalog, attempts));

        var passed = attempts.Append(Quiz("basics-quiz", 85, 5)).ToList();
        Assert.Equal(3m, Progress.HoursCredited(Catalog, passed));
        Assert.Equal(2m, Progress.HoursCredited(Catalog, passed, until: Day1.AddDays(4))); // the pass came later
        var (doneOn, best) = Progress.Outcome(Catalog.FindModule("basics-quiz")!, passed);
        Assert.Equal((Day1.AddDays(5), 85), (doneOn, best));
    }

    [Fact]
    public void A_module_can_start_only_when_its_prerequisites_are_done()
    {
        var quiz = Catalog.FindModule("basics-quiz")!;
        var before = Progress.Of(Catalog, quiz, [Done("dx-intro")]);
        Assert.False(before.CanStart);
        Assert.Equal(["security-101", "data-101"], before.MissingPrerequisites);

        var after = Progress.Of(Catalog, quiz, [Done("dx-intro"), Done("security-101"), Done("data-101")]);
        Assert.True(after.CanStart);
        Assert.False(after.Done);
    }

    [Fact]
    public void A_path_is_complete_on_the_day_of_its_last_module_and_earns_its_certification()
    {
        var path = Catalog.FindPath("path-all")!;
        List<ModuleAttempt> attempts = [Done("dx-intro"), Done("security-101", 1), Done("data-101", 2), Done("form-101", 9)];
        var partial = Progress.Of(Catalog, path, attempts);
        Assert.Equal((4, 5, 7m, 8m, false), (partial.DoneModules, partial.TotalModules, partial.Hours, partial.TotalHours, partial.IsComplete));
        Assert.Empty(Progress.Certifications(Catalog, attempts));

        attempts.Add(Quiz("basics-quiz", 80, 4));
        var complete = Progress.Of(Catalog, path, attempts);
        Assert.Equal(Day1.AddDays(9), complete.CompletedOn); // form-101 was the last one done
        var certification = Assert.Single(Progress.Certifications(Catalog, attempts));
        Assert.Equal(("cert-basics", Day1.AddDays(9)), (certification.Certification.Id, certification.On));
    }

    [Fact]
    public void A_tier_is_met_with_its_hours_its_path_and_validated_skill_levels_only()
    {
        var tier = Catalog.FindTier("all-staff")!;
        ModuleAttempt[] attempts = [Done("dx-intro"), Done("security-101"), Done("data-101"), Done("form-101"), Quiz("basics-quiz", 90)];
        var selfOnly = Progress.Of(Catalog, tier, attempts, [new SkillAssessment("security-basics", 3, Validated: false, Day1)]);
        Assert.True(selfOnly.HoursMet);
        Assert.True(selfOnly.Path!.IsComplete);
        Assert.False(selfOnly.SkillsMet); // a self-assessment is not enough
        Assert.False(selfOnly.IsMet);

        var validated = Progress.Of(Catalog, tier, attempts, [new SkillAssessment("security-basics", 1, Validated: true, Day1)]);
        Assert.True(validated.IsMet);
    }

    [Fact]
    public void Publishing_needs_the_certification_the_organisation_chose()
    {
        var policy = new MakerPolicy(new Dictionary<MakerAction, string> { [MakerAction.Publish] = "cert-leader" });

        Assert.Null(policy.Refusal(MakerAction.Design, Catalog, []));
        var refusal = policy.Refusal(MakerAction.Publish, Catalog, ["cert-basics"]);
        Assert.NotNull(refusal);
        Assert.Contains("デジタル推進リーダー", refusal.Ja, StringComparison.Ordinal);
        Assert.Contains("Digital promotion leader", refusal.En, StringComparison.Ordinal);
        Assert.Null(policy.Refusal(MakerAction.Publish, Catalog, ["cert-basics", "cert-leader"]));
        Assert.Null(MakerPolicy.Open.Refusal(MakerAction.Publish, Catalog, []));
    }
}

/// <summary>Quizzes taken on line are scored from the chosen answers, never by the client.</summary>
public sealed class QuizScoringTests
{
    private static readonly AcademyCatalog Catalog = AcademyCatalogReader.Read(File.ReadAllText(RepositoryFiles.PathOf("samples", "academy", "programme.json"))).Catalog!;

    private static Dictionary<string, IReadOnlyCollection<string>> Answers(params (string Question, string[] Choices)[] picks) =>
        picks.ToDictionary(p => p.Question, p => (IReadOnlyCollection<string>)p.Choices);

    [Fact]
    public void Each_question_counts_only_with_exactly_its_correct_choices_and_points_weigh()
    {
        var quiz = Catalog.FindModule("basics-quiz")!;
        Assert.Equal(100, QuizScoring.Score(quiz, Answers(("q1", ["a"]), ("q2", ["a"]), ("q3", ["a"]), ("q4", ["a", "b"]))));
        Assert.Equal(60, QuizScoring.Score(quiz, Answers(("q1", ["a"]), ("q2", ["a"]), ("q3", ["a"]), ("q4", ["a"])))); // q4 (2 points) half right is wrong
        Assert.Equal(60, QuizScoring.Score(quiz, Answers(("q1", ["a"]), ("q4", ["b", "a"])))); // the order of choices does not matter
        Assert.Equal(40, QuizScoring.Score(quiz, Answers(("q1", ["a"]), ("q2", ["a"]))));
        Assert.Equal(0, QuizScoring.Score(quiz, Answers(("q4", ["a", "b", "c"]))));
        Assert.Throws<ArgumentException>(() => QuizScoring.Score(Catalog.FindModule("dx-intro")!, Answers()));
    }

    [Fact]
    public void A_score_just_under_the_pass_mark_is_not_rounded_up()
    {
        var quiz = new Module
        {
            Id = "q", Kind = ModuleKind.Quiz, Hours = 1, PassMark = 67,
            Questions = [.. Enumerable.Range(1, 3).Select(i => new QuizQuestion
            {
                Id = $"q{i}", Text = new("問"), Choices = [new QuizChoice { Id = "a", Text = new("A"), Correct = true }, new QuizChoice { Id = "b", Text = new("B") }],
            })],
        };
        Assert.Equal(66, QuizScoring.Score(quiz, Answers(("q1", ["a"]), ("q2", ["a"]), ("q3", ["b"]))));
    }

    [Fact]
    public void Question_problems_are_reported_with_their_paths()
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepositoryFiles.PathOf("samples", "academy", "programme.json")))!.AsObject();
        var quiz = root["courses"]![0]!["modules"]![4]!;
        quiz["questions"]![1]!["choices"]![0]!["correct"] = false;  // no correct choice left
        quiz["questions"]![2]!["id"] = "q1";                        // duplicate question id
        root["courses"]![0]!["modules"]![0]!["questions"] = System.Text.Json.Nodes.JsonNode.Parse("""[{"id":"x","text":{"ja":"問"},"choices":[]}]""");
        var found = AcademyCatalogReader.Read(root.ToJsonString()).Problems.Select(p => (p.Path, p.Code)).ToList();

        Assert.Contains(("$.courses[0].modules[4].questions[1].choices", "invalidChoices"), found);
        Assert.Contains(("$.courses[0].modules[4].questions[2].id", "invalidId"), found);
        Assert.Contains(("$.courses[0].modules[0].questions", "notApplicable"), found);
    }
}
