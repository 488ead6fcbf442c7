using Madoguchi.Core.Cases;
using Madoguchi.Core.Expressions;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Cases;

/// <summary>
/// A subsidy procedure with a four-step route, its staff and helpers to drive a case. The route:
/// 0 review (officer of welfare) → 1 consult (finance and legal, all must agree) → 2 chief (section chief of welfare)
/// → 3 director (only when amount > 1,000,000).
/// </summary>
internal static class CaseFixture
{
    public const string ProcedureJson = """
        {
          "format": 1,
          "slug": "care-subsidy",
          "title": { "ja": "介護用品購入費補助金", "en": "Care equipment subsidy" },
          "department": { "ja": "福祉課", "en": "Welfare Division" },
          "pages": [
            {
              "id": "main",
              "title": { "ja": "申請内容" },
              "fields": [
                { "id": "applicantName", "type": "text", "label": { "ja": "氏名" }, "required": true },
                { "id": "amount", "type": "integer", "label": { "ja": "申請額" }, "unit": { "ja": "円" } },
                { "id": "urgent", "type": "yesNo", "label": { "ja": "至急" } }
              ]
            }
          ],
          "route": {
            "steps": [
              { "id": "review", "kind": "review", "label": { "ja": "担当者審査", "en": "Officer review" },
                "role": "officer", "department": "welfare", "dueBusinessDays": 5 },
              { "id": "consult", "kind": "consultation", "label": { "ja": "財政課・法務課合議", "en": "Finance and legal consultation" },
                "require": "all",
                "assignees": [
                  { "id": "finance", "label": { "ja": "財政課", "en": "Finance" }, "department": "finance" },
                  { "id": "legal", "label": { "ja": "法務課", "en": "Legal" }, "department": "legal" }
                ],
                "dueBusinessDays": 5 },
              { "id": "chief", "kind": "approval", "label": { "ja": "課長決裁", "en": "Section chief approval" },
                "role": "chief", "department": "welfare", "dueBusinessDays": 3 },
              { "id": "director", "kind": "approval", "label": { "ja": "部長決裁", "en": "Director approval" },
                "role": "director", "when": "amount > 1000000", "dueBusinessDays": 3 }
            ],
            "outcomes": ["grant", "refuse", "dismiss"]
          }
        }
        """;

    public static readonly DateTime T0 = new(2026, 4, 6, 0, 30, 0, DateTimeKind.Utc); // Monday 09:30 in Japan

    public static ProcedureDefinition Definition { get; } = Parse(ProcedureJson);

    public static RouteDefinition Route => Definition.Route!;

    public static readonly Actor Officer = Actor.Staff("u-officer", ["officer"], ["welfare"]);
    public static readonly Actor Officer2 = Actor.Staff("u-officer2", ["officer"], ["welfare"]);
    public static readonly Actor Finance = Actor.Staff("u-finance", [], ["finance"]);
    public static readonly Actor Finance2 = Actor.Staff("u-finance2", [], ["finance"]);
    public static readonly Actor Legal = Actor.Staff("u-legal", [], ["legal"]);
    public static readonly Actor Chief = Actor.Staff("u-chief", ["chief"], ["welfare"]);
    public static readonly Actor Director = Actor.Staff("u-director", ["director"], ["welfare"]);
    public static readonly Actor Outsider = Actor.Staff("u-roads", ["officer"], ["roads"]);
    public static readonly Actor Applicant = Actor.Applicant("a-1");

    public static ProcedureDefinition Parse(string json)
    {
        var result = ProcedureDefinitionParser.Parse(json);
        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => $"{p.Code} at {p.Path}: {p.Message.En}")));
        return result.Definition!;
    }

    public static IExprValues Answers(decimal? amount) =>
        ExprEnvironment.From(
            new Dictionary<string, ExprValue>
            {
                ["applicantName"] = ExprValue.Text("山田太郎"),
                ["amount"] = amount is { } a ? ExprValue.Number(a) : ExprValue.Null,
            },
            new DateOnly(2026, 4, 6)).Values;

    public static IExprValues Small => Answers(500_000);

    public static IExprValues Large => Answers(2_000_000);

    /// <summary>A driver for one case: applies commands, asserting they are accepted unless told otherwise.</summary>
    public sealed class Driver(RouteDefinition route, CaseState state, IExprValues answers)
    {
        private int _minutes;

        public CaseState State { get; private set; } = state;

        public IExprValues Answers { get; set; } = answers;

        public DateTime Now => T0.AddMinutes(_minutes);

        public Driver Do(Actor actor, CaseCommand command)
        {
            var result = Try(actor, command);
            Assert.True(result.IsAccepted, $"{command.Kind} by {actor} in {State.Status} was refused: {result.Refusal?.Code} {result.Refusal?.Message.En}");
            return this;
        }

        public CaseResult Try(Actor actor, CaseCommand command)
        {
            _minutes += 60;
            var result = CaseMachine.Apply(route, State, command, actor, Now, Answers);
            State = result.State;
            return result;
        }

        public Driver Advance(TimeSpan by)
        {
            _minutes += (int)by.TotalMinutes;
            return this;
        }
    }

    public static Driver Open(IExprValues? answers = null, string? applicantId = "a-1", RouteDefinition? route = null)
    {
        answers ??= Small;
        route ??= Route;
        return new Driver(route, CaseMachine.Open(route, applicantId, T0, answers), answers);
    }

    public static Driver InReview(IExprValues? answers = null) => Open(answers).Do(Officer, new StartReview());

    public static Driver AtConsultation(IExprValues? answers = null) => InReview(answers).Do(Officer, new ApproveStep());

    public static Driver AtChief(IExprValues? answers = null) =>
        AtConsultation(answers).Do(Finance, new RecordVote(true)).Do(Legal, new RecordVote(true));

    public static Driver ReadyForDecision() => AtChief().Do(Chief, new ApproveStep());

    public static Driver CorrectionRequested() =>
        InReview().Do(Officer, new RequestCorrection("添付書類が不足しています。", [new FieldComment("amount", "見積書の金額と一致しません。")]));

    public static Driver Resubmitted() => CorrectionRequested().Do(Applicant, new Resubmit());
}
