using System.Globalization;
using Madoguchi.Core.Japanese;

namespace Madoguchi.Documents.Templates;

/// <summary>What a template is filled with. The caller (the server) builds it from a case; everything is plain text.</summary>
public sealed record DocumentData
{
    public string ReceiptNumber { get; init; } = "";
    public string ProcedureTitle { get; init; } = "";
    public string ApplicantName { get; init; } = "";
    public string OrganisationName { get; init; } = "";
    public string OfficeName { get; init; } = "";
    public DateOnly Today { get; init; } = DateOnly.FromDateTime(DateTime.Today);
    public string DecisionOutcome { get; init; } = "";
    public string DecisionReason { get; init; } = "";
    public IReadOnlyList<AnswerLine> Answers { get; init; } = [];
    public IReadOnlyList<RouteStep> Route { get; init; } = [];

    /// <summary>Further values by placeholder name (e.g. <c>amount</c> for <c>{{amount}}</c>).</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>Every placeholder name this data answers, with its value.</summary>
    public IReadOnlyDictionary<string, string> Values()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["receiptNumber"] = ReceiptNumber,
            ["procedureTitle"] = ProcedureTitle,
            ["applicantName"] = ApplicantName,
            ["organisation.name"] = OrganisationName,
            ["organisation.office"] = OfficeName,
            ["today.wareki"] = Wareki.Format(Today),
            ["today.iso"] = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["today.gregorian"] = Today.ToString("yyyy年M月d日", CultureInfo.InvariantCulture),
            ["decision.outcome"] = DecisionOutcome,
            ["decision.reason"] = DecisionReason,
        };
        foreach (var answer in Answers)
        {
            values[$"answers.{answer.FieldId}"] = answer.Value;
        }

        foreach (var (key, value) in Extra)
        {
            values[key] = value;
        }

        return values;
    }
}

/// <summary>One answer as shown: the field's id (for <c>{{answers.id}}</c>), its label and the formatted value.</summary>
public sealed record AnswerLine(string FieldId, string Label, string Value);

/// <summary>One approver on the route of a decision document (the family name is what their 認印 shows).</summary>
public sealed record RouteStep(string Title, string Name, string FamilyName);
