using Madoguchi.Documents.Rendering;
using Madoguchi.Documents.Seals;
using Madoguchi.Documents.Templates;

namespace Madoguchi.Documents.Tests;

internal static class Samples
{
    public static DocumentData Data() => new()
    {
        ReceiptNumber = "R8-000123",
        ProcedureTitle = "住宅リフォーム補助金交付申請",
        ApplicantName = "髙橋 一郎",
        OrganisationName = "金沢市長　山野 之義",
        OfficeName = "市民局",
        Today = new DateOnly(2026, 4, 1),
        DecisionOutcome = "補助金 150,000円 を交付する。",
        DecisionReason = "要件を満たさないため。",
        Answers =
        [
            new AnswerLine("name", "氏名", "髙橋 一郎"),
            new AnswerLine("amount", "申請額", "150000"),
            new AnswerLine("address", "住所", "石川県金沢市広坂1丁目1番1号"),
        ],
        Route =
        [
            new RouteStep("係長", "佐藤 花子", "佐藤"),
            new RouteStep("課長", "鈴木 次郎", "鈴木"),
            new RouteStep("部長", "髙橋 三郎", "髙橋"),
        ],
    };

    public static RenderedDocument Notice() => DocumentRenderer.Render(
        DocumentTemplate.BuiltIn("notice-grant"), Data(), SealImage.Generated(SealLayout.Official("金沢市長")));

    public static RenderedDocument Decision() => DocumentRenderer.Render(DocumentTemplate.BuiltIn("decision"), Data());
}
