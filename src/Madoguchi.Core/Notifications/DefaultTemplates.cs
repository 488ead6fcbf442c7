using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Notifications;

/// <summary>The built-in texts, in plain Japanese and English. Procedures may override the applicant events.</summary>
public static class DefaultTemplates
{
    private const string SignatureJa = "{{organization}}\n{{contact}}\n\n※このメールは送信専用のアドレスから自動で送信しています。返信はできません。";
    private const string SignatureEn = "{{organization}}\n{{contact}}\n\nThis message was sent automatically from an address that cannot receive replies.";

    public static NotificationTemplate Received { get; } = new(
        new LocalizedText("【受付のお知らせ】{{procedureTitle}}（受付番号 {{receiptNumber}}）", "Application received: {{procedureTitle}} (receipt number {{receiptNumber}})"),
        new LocalizedText(
            "「{{procedureTitle}}」の申請を受け付けました。\n\n受付番号：{{receiptNumber}}\n\n"
            + "審査の状況は、次のページで受付番号とアクセスコードを入力して確認できます。\n{{statusUrl}}\n\n"
            + "アクセスコードは申請完了画面に表示したものです。お問い合わせの際は受付番号をお知らせください。\n\n" + SignatureJa,
            "We have received your application for \"{{procedureTitle}}\".\n\nReceipt number: {{receiptNumber}}\n\n"
            + "You can check its status on the page below with your receipt number and access code.\n{{statusUrl}}\n\n"
            + "The access code was shown when you finished the application. Please quote the receipt number when you contact us.\n\n" + SignatureEn));

    public static NotificationTemplate CorrectionRequested { get; } = new(
        new LocalizedText("【補正のお願い】{{procedureTitle}}（受付番号 {{receiptNumber}}）", "Correction requested: {{procedureTitle}} (receipt number {{receiptNumber}})"),
        new LocalizedText(
            "「{{procedureTitle}}」の申請（受付番号 {{receiptNumber}}）について、内容の補正をお願いします。\n\n"
            + "担当者からの連絡：\n{{message}}\n\n補正の期限：{{replyBy}}\n\n"
            + "補正の内容と状況は、次のページで受付番号とアクセスコードを入力して確認できます。\n{{statusUrl}}\n\n" + SignatureJa,
            "Please correct your application for \"{{procedureTitle}}\" (receipt number {{receiptNumber}}).\n\n"
            + "Message from the office:\n{{message}}\n\nPlease reply by: {{replyBy}}\n\n"
            + "You can see what to correct on the page below with your receipt number and access code.\n{{statusUrl}}\n\n" + SignatureEn));

    public static NotificationTemplate Decided { get; } = new(
        new LocalizedText("【結果のお知らせ】{{procedureTitle}}（受付番号 {{receiptNumber}}）", "Decision on your application: {{procedureTitle}} (receipt number {{receiptNumber}})"),
        new LocalizedText(
            "「{{procedureTitle}}」の申請（受付番号 {{receiptNumber}}）の審査が終わりました。\n\n結果：{{outcome}}\n\n"
            + "詳しくは、次のページで受付番号とアクセスコードを入力して確認できます。\n{{statusUrl}}\n\n" + SignatureJa,
            "The review of your application for \"{{procedureTitle}}\" (receipt number {{receiptNumber}}) is complete.\n\nDecision: {{outcome}}\n\n"
            + "For details, see the page below with your receipt number and access code.\n{{statusUrl}}\n\n" + SignatureEn));

    public static NotificationTemplate NoticeIssued { get; } = new(
        new LocalizedText("【通知書の発行】{{procedureTitle}}（受付番号 {{receiptNumber}}）", "Notice issued: {{procedureTitle}} (receipt number {{receiptNumber}})"),
        new LocalizedText(
            "「{{procedureTitle}}」の申請（受付番号 {{receiptNumber}}）について、決定の通知書を発行しました。\n\n"
            + "通知書（電子署名付きの PDF）は、次のページで受付番号とアクセスコードを入力してダウンロードできます。このメールには添付していません。\n{{statusUrl}}\n\n" + SignatureJa,
            "The notice of the decision on your application for \"{{procedureTitle}}\" (receipt number {{receiptNumber}}) has been issued.\n\n"
            + "You can download the notice (a digitally signed PDF) on the page below with your receipt number and access code. It is not attached to this message.\n{{statusUrl}}\n\n" + SignatureEn));

    public static NotificationTemplate MessageReceived { get; } = new(
        new LocalizedText("【お知らせ】{{procedureTitle}}（受付番号 {{receiptNumber}}）に担当者からの連絡があります", "New message about {{procedureTitle}} (receipt number {{receiptNumber}})"),
        new LocalizedText(
            "「{{procedureTitle}}」の申請（受付番号 {{receiptNumber}}）について、担当者から連絡がありました。\n\n"
            + "内容は、次のページで受付番号とアクセスコードを入力して確認できます。\n{{statusUrl}}\n\n" + SignatureJa,
            "The office has sent you a message about your application for \"{{procedureTitle}}\" (receipt number {{receiptNumber}}).\n\n"
            + "You can read it on the page below with your receipt number and access code.\n{{statusUrl}}\n\n" + SignatureEn));

    public static NotificationTemplate StaffReminder { get; } = new(
        new LocalizedText("【期限のお知らせ】担当の案件 {{count}} 件が期限間近または期限超過です", "Reminder: {{count}} of your cases are due soon or overdue"),
        new LocalizedText(
            "{{name}} 様\n\n担当している案件のうち、次のものが期限間近（2開庁日以内）または期限を過ぎています。\n\n{{cases}}\n\n受付一覧：{{inboxUrl}}\n",
            "Dear {{name}},\n\nThe following cases you handle are due within two business days or overdue.\n\n{{cases}}\n\nInbox: {{inboxUrl}}\n"));

    public static NotificationTemplate VerifyEmail { get; } = new(
        new LocalizedText("【メールアドレスの確認】{{organization}}", "Confirm your email address: {{organization}}"),
        new LocalizedText(
            "次のリンクを開いて、メールアドレスの確認を完了してください。\n{{url}}\n\nお心当たりのない場合は、このメールを破棄してください。\n\n" + SignatureJa,
            "Open the link below to confirm your email address.\n{{url}}\n\nIf you did not ask for this, please ignore this message.\n\n" + SignatureEn));

    public static NotificationTemplate PasswordReset { get; } = new(
        new LocalizedText("【パスワードの再設定】{{organization}}", "Reset your password: {{organization}}"),
        new LocalizedText(
            "次のリンクを開いて、新しいパスワードを設定してください。\n{{url}}\n\nお心当たりのない場合は、このメールを破棄してください。パスワードは変わりません。\n\n" + SignatureJa,
            "Open the link below to set a new password.\n{{url}}\n\nIf you did not ask for this, please ignore this message; your password stays as it is.\n\n" + SignatureEn));

    public static NotificationTemplate NewCase { get; } = new(
        new LocalizedText("新しい申請：{{procedureTitle}}", "New application: {{procedureTitle}}"),
        new LocalizedText("「{{procedureTitle}}」の新しい申請を受け付けました（受付番号 {{receiptNumber}}）。\n{{caseUrl}}", "A new application for \"{{procedureTitle}}\" was received (receipt number {{receiptNumber}}).\n{{caseUrl}}"));

    public static NotificationTemplate OverdueCases { get; } = new(
        new LocalizedText("期限超過の案件：{{count}} 件", "Overdue cases: {{count}}"),
        new LocalizedText("期限を過ぎた案件が {{count}} 件あります。\n{{cases}}", "{{count}} cases are overdue.\n{{cases}}"));

    public static NotificationTemplate For(string eventName) => eventName switch
    {
        NotificationEvents.Received => Received,
        NotificationEvents.CorrectionRequested => CorrectionRequested,
        NotificationEvents.Decided => Decided,
        NotificationEvents.MessageReceived => MessageReceived,
        NotificationEvents.NoticeIssued => NoticeIssued,
        NotificationEvents.StaffReminder => StaffReminder,
        NotificationEvents.VerifyEmail => VerifyEmail,
        NotificationEvents.PasswordReset => PasswordReset,
        NotificationEvents.NewCase => NewCase,
        NotificationEvents.OverdueCases => OverdueCases,
        _ => throw new ArgumentOutOfRangeException(nameof(eventName), eventName, "Unknown notification event."),
    };
}
