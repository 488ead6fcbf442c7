using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Notifications;

/// <summary>
/// Per-procedure overrides of the applicant emails (<c>"notifications"</c> in the definition): for each event a
/// subject and body in ja/en replacing the built-in ones, or <c>"enabled": false</c> to send no email for it.
/// </summary>
public sealed record ProcedureNotifications
{
    [JsonPropertyName("received")] public EventNotification? Received { get; init; }

    [JsonPropertyName("correctionRequested")] public EventNotification? CorrectionRequested { get; init; }

    [JsonPropertyName("decided")] public EventNotification? Decided { get; init; }

    [JsonPropertyName("messageReceived")] public EventNotification? MessageReceived { get; init; }

    public EventNotification? For(string eventName) => eventName switch
    {
        NotificationEvents.Received => Received,
        NotificationEvents.CorrectionRequested => CorrectionRequested,
        NotificationEvents.Decided => Decided,
        NotificationEvents.MessageReceived => MessageReceived,
        _ => null,
    };
}

/// <summary>One event's override: null subject/body keep the built-in text; <see cref="Enabled"/> false sends nothing.</summary>
public sealed record EventNotification
{
    [JsonPropertyName("enabled")] public bool? Enabled { get; init; }

    [JsonPropertyName("subject")] public LocalizedText? Subject { get; init; }

    [JsonPropertyName("body")] public LocalizedText? Body { get; init; }
}

/// <summary>A subject and a plain-text body in Japanese and English.</summary>
public sealed record NotificationTemplate(LocalizedText Subject, LocalizedText Body);

/// <summary>A rendered message in one language.</summary>
public sealed record RenderedNotification(string Subject, string Body);

/// <summary>The event names used in templates, the notification log and the procedure format.</summary>
public static class NotificationEvents
{
    public const string Received = "received";
    public const string CorrectionRequested = "correctionRequested";
    public const string Decided = "decided";
    public const string MessageReceived = "messageReceived";
    public const string StaffReminder = "staffReminder";
    public const string VerifyEmail = "verifyEmail";
    public const string PasswordReset = "passwordReset";
    public const string NewCase = "newCase";
    public const string OverdueCases = "overdueCases";

    /// <summary>A notice (通知書) of the decision was issued and can be downloaded from the status page.</summary>
    public const string NoticeIssued = "noticeIssued";

    /// <summary>Events a procedure may override (emails to its applicants).</summary>
    public static IReadOnlyList<string> ProcedureEvents { get; } = [Received, CorrectionRequested, Decided, MessageReceived];

    /// <summary>The placeholders each procedure event offers.</summary>
    public static IReadOnlyList<string> PlaceholdersOf(string eventName) => eventName switch
    {
        Received => Common,
        CorrectionRequested => [.. Common, "message", "replyBy"],
        Decided => [.. Common, "outcome"],
        MessageReceived => Common,
        _ => [],
    };

    private static readonly string[] Common = ["receiptNumber", "procedureTitle", "statusUrl", "organization", "contact"];
}

/// <summary>
/// Fills <c>{{name}}</c> placeholders with plain text. Nothing in a template is executed: a placeholder is a name,
/// replaced by its value as it stands (values come from the case, never from the template).
/// </summary>
public static partial class TemplateRenderer
{
    [GeneratedRegex(@"\{\{\s*([A-Za-z][A-Za-z0-9]*)?\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderRegex();

    /// <summary>The placeholder names a template uses, in order, with repeats; an empty or malformed one as "".</summary>
    public static IEnumerable<string> Placeholders(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        foreach (Match match in PlaceholderRegex().Matches(template))
        {
            yield return match.Groups[1].Value;
        }
    }

    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        return PlaceholderRegex().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : "");
    }

    /// <summary>Renders a template in "ja" or "en"; the subject is one line (line breaks become spaces).</summary>
    public static RenderedNotification Render(NotificationTemplate template, string language, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        var subject = Fill(template.Subject.For(language), values).ReplaceLineEndings(" ").Trim();
        var body = Fill(template.Body.For(language), values).ReplaceLineEndings("\n");
        return new RenderedNotification(subject, body);
    }

    /// <summary>The template for a procedure event: the procedure's override where given, else the built-in text.</summary>
    public static NotificationTemplate Resolve(string eventName, ProcedureNotifications? overrides)
    {
        var builtIn = DefaultTemplates.For(eventName);
        var custom = overrides?.For(eventName);
        return custom is null ? builtIn : new NotificationTemplate(custom.Subject ?? builtIn.Subject, custom.Body ?? builtIn.Body);
    }

    /// <summary>Whether the procedure leaves the event's email on (it is unless switched off).</summary>
    public static bool IsEnabled(string eventName, ProcedureNotifications? overrides) =>
        overrides?.For(eventName)?.Enabled ?? true;

    /// <summary>A date as people read it in each language (2026年11月30日 / 30 November 2026).</summary>
    public static string FormatDate(DateOnly date, string language) =>
        language == "en"
            ? date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");

    /// <summary>The decision in words for the applicant.</summary>
    public static string OutcomeText(Cases.CaseOutcome? outcome, string language) => (outcome, language) switch
    {
        (Cases.CaseOutcome.Grant, "en") => "granted",
        (Cases.CaseOutcome.Refuse, "en") => "refused",
        (Cases.CaseOutcome.Dismiss, "en") => "dismissed",
        (Cases.CaseOutcome.Grant, _) => "承認（許可）",
        (Cases.CaseOutcome.Refuse, _) => "不承認",
        (Cases.CaseOutcome.Dismiss, _) => "却下",
        (_, "en") => "closed",
        _ => "終了",
    };

    /// <summary>Normalises a language tag to "ja" or "en".</summary>
    public static string Language(string? value) =>
        value is not null && value.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "ja";

    internal static string Lines(params string[] lines)
    {
        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            sb.Append(line).Append('\n');
        }

        return sb.ToString();
    }
}
