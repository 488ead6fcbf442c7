using System.Text.Json;
using System.Text.RegularExpressions;
using Madoguchi.Core.Cases;
using Madoguchi.Core.Procedures;
using Madoguchi.Core.Tests.Procedures;

namespace Madoguchi.Core.Tests.Cases;

/// <summary>docs/case-handling.md and docs/schema agree with the code.</summary>
public sealed partial class CaseDocumentationTests
{
    private static readonly string[] RefusalCodes =
    [
        "notAllowedInState", "notStaff", "notApplicant", "selfApproval", "notAssignee", "assignedToOther", "alreadyHandler",
        "sameApprover", "stepMismatch", "consultationStep", "notConsultationStep", "notReviewStep", "firstStep", "unknownParty",
        "ambiguousParty", "alreadyVoted", "commentRequired", "emptyCorrection", "blankFieldComment", "outcomeNotAllowed",
        "reasonRequired", "assigneeNotStaff", "assigneeIsApplicant", "assigneeNotEligible",
    ];

    private static string Markdown => File.ReadAllText(RepositoryFiles.PathOf("docs", "case-handling.md"));

    private static JsonSchemaChecker Schema() =>
        new(JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("docs", "schema", "procedure.v1.schema.json"))).RootElement.Clone());

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [Fact]
    public void The_documented_transition_table_is_the_one_in_the_code()
    {
        Assert.Contains(CaseTransitionTable.ToMarkdown(), Markdown.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_refusal_code_and_status_is_documented()
    {
        var markdown = Markdown;
        Assert.All(RefusalCodes, code => Assert.Contains($"`{code}`", markdown, StringComparison.Ordinal));
        Assert.All(Enum.GetValues<CaseStatus>(), s => Assert.Contains($"`{s}`", markdown, StringComparison.Ordinal));
    }

    [Fact]
    public void The_documented_example_parses_and_validates_against_the_schema()
    {
        var example = JsonBlock().Matches(Markdown).Select(m => m.Groups[1].Value).Single(b => b.Contains("\"format\"", StringComparison.Ordinal));

        var result = ProcedureDefinitionParser.Parse(example);
        Assert.Empty(result.Problems.Select(p => $"{p.Path} {p.Code} {p.Message.En}"));
        var route = result.Definition!.Route!;
        Assert.Contains(route.Steps, s => s.Kind == StepKind.Consultation);
        Assert.Contains(route.Steps, s => s.When is not null);
        Assert.All(route.Steps, s => Assert.False(string.IsNullOrEmpty(s.Label.En)));

        using var document = JsonDocument.Parse(example);
        Assert.Empty(Schema().Validate(document.RootElement));
    }

    [Fact]
    public void The_schema_accepts_the_fixture_route_and_rejects_a_wrong_kind_and_withdraw_as_an_outcome()
    {
        using var good = JsonDocument.Parse(CaseFixture.ProcedureJson);
        Assert.Empty(Schema().Validate(good.RootElement));

        var badKind = CaseFixture.ProcedureJson.Replace("\"kind\": \"review\"", "\"kind\": \"inspection\"", StringComparison.Ordinal);
        using var bad = JsonDocument.Parse(badKind);
        Assert.NotEmpty(Schema().Validate(bad.RootElement));

        var withdraw = CaseFixture.ProcedureJson.Replace("\"dismiss\"]", "\"withdraw\"]", StringComparison.Ordinal);
        using var worse = JsonDocument.Parse(withdraw);
        Assert.NotEmpty(Schema().Validate(worse.RootElement));
    }
}
