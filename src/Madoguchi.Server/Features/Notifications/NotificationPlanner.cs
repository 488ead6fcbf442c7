using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Cases;
using Madoguchi.Core.Notifications;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Cases;
using Madoguchi.Server.Features.Procedures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Server.Features.Notifications;

/// <summary>
/// Turns one outbox event into the notifications it causes (rendered, one per recipient). Runs inside the
/// dispatcher's transaction, in the scope of the event's tenant. Events that notify nobody yield nothing.
/// </summary>
public sealed class NotificationPlanner(AppDbContext db, DefinitionCache definitions, NotificationRecipients recipients, IOptionsMonitor<NotificationOptions> options)
{
    public const string NoApplicantEmail = "申請者のメールアドレスがありません（applicantEmailField が未設定か未回答）。 / No applicant email address (applicantEmailField not set or not answered).";
    public const string SwitchedOff = "この手続ではこのお知らせを送らない設定です。 / This notification is switched off for the procedure.";

    public async Task<List<Notification>> PlanAsync(OutboxMessage message, DateTime nowUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var payload = JsonNode.Parse(message.PayloadJson) as JsonObject ?? [];
        var source = "outbox:" + message.Id.ToString(CultureInfo.InvariantCulture);
        var list = new List<Notification>();
        switch (message.Type)
        {
            case "application.submitted":
                await ApplicantEmailAsync(list, payload, NotificationEvents.Received, source, nowUtc, ct);
                await NewCaseWebhooksAsync(list, payload, source, nowUtc, ct);
                break;
            case "application.correction_requested":
                await ApplicantEmailAsync(list, payload, NotificationEvents.CorrectionRequested, source, nowUtc, ct);
                break;
            case "application.decided" when (string?)payload["to"] != "withdrawn":
                await ApplicantEmailAsync(list, payload, NotificationEvents.Decided, source, nowUtc, ct);
                break;
            case "document.issued" when (string?)payload["kind"] == "notice":
                await ApplicantEmailAsync(list, payload, NotificationEvents.NoticeIssued, source, nowUtc, ct);
                break;
            case "application.message" when (string?)payload["from"] == "staff":
                await ApplicantEmailAsync(list, payload, NotificationEvents.MessageReceived, source, nowUtc, ct);
                break;
            case "account.verify_email":
                await AccountEmailAsync(list, payload, NotificationEvents.VerifyEmail, source, nowUtc, ct);
                break;
            case "account.password_reset":
                await AccountEmailAsync(list, payload, NotificationEvents.PasswordReset, source, nowUtc, ct);
                break;
        }

        foreach (var n in list)
        {
            n.TenantId = message.TenantId;
            n.OutboxMessageId = message.Id;
        }

        return list;
    }

    private async Task ApplicantEmailAsync(List<Notification> list, JsonObject payload, string eventName, string source, DateTime now, CancellationToken ct)
    {
        if (!Guid.TryParse((string?)payload["applicationId"], out var applicationId)
            || await ApplicationAsync(applicationId, ct) is not { } application)
        {
            return;
        }

        var definition = await DefinitionAsync(application, ct);
        var language = TemplateRenderer.Language(application.Language);
        var values = await CaseValuesAsync(application, definition, language, ct);
        if (eventName == NotificationEvents.CorrectionRequested && !string.IsNullOrEmpty(application.CaseStateJson))
        {
            // Only what the reviewer wrote to the applicant; internal comments never leave the back office.
            var state = JsonSerializer.Deserialize<CaseState>(application.CaseStateJson, CaseService.Json)!;
            values["message"] = state.Correction?.Message ?? "";
            values["replyBy"] = state.Correction?.ReplyBy is { } replyBy
                ? TemplateRenderer.FormatDate(replyBy, language)
                : language == "en" ? "not set" : "指定なし";
        }

        if (eventName == NotificationEvents.Decided)
        {
            var outcome = payload["outcome"] is JsonValue v && v.TryGetValue<string>(out var text)
                ? JsonSerializer.Deserialize<CaseOutcome?>($"\"{text}\"")
                : null;
            values["outcome"] = TemplateRenderer.OutcomeText(outcome, language);
        }

        var rendered = TemplateRenderer.Render(TemplateRenderer.Resolve(eventName, definition.Notifications), language, values);
        var notification = New(eventName, NotificationChannel.Email, "", language, rendered, source, now);
        notification.ApplicationId = application.Id;
        if (!TemplateRenderer.IsEnabled(eventName, definition.Notifications))
        {
            Skip(notification, SwitchedOff);
        }
        else if (await recipients.ApplicantEmailAsync(db, definition, application, ct) is { } address)
        {
            notification.Recipient = address;
        }
        else
        {
            Skip(notification, NoApplicantEmail);
        }

        list.Add(notification);
    }

    private async Task NewCaseWebhooksAsync(List<Notification> list, JsonObject payload, string source, DateTime now, CancellationToken ct)
    {
        if (!Guid.TryParse((string?)payload["applicationId"], out var applicationId)
            || await ApplicationAsync(applicationId, ct) is not { } application)
        {
            return;
        }

        var definition = await DefinitionAsync(application, ct);
        if (RouteDefinition.Of(definition).Steps.Select(s => s.Department).FirstOrDefault(d => !string.IsNullOrEmpty(d)) is not { } department)
        {
            return;
        }

        var hooks = await db.DepartmentWebhooks.AsNoTracking().Where(w => w.Department == department).ToListAsync(ct);
        if (hooks.Count == 0)
        {
            return;
        }

        var values = await CaseValuesAsync(application, definition, "ja", ct);
        values["caseUrl"] = Url("/staff/applications/" + application.Id);
        var rendered = TemplateRenderer.Render(DefaultTemplates.NewCase, "ja", values);
        foreach (var hook in hooks)
        {
            var n = New(NotificationEvents.NewCase, hook.Channel, hook.Id.ToString(), "ja", rendered, source, now);
            n.ApplicationId = application.Id;
            list.Add(n);
        }
    }

    private async Task AccountEmailAsync(List<Notification> list, JsonObject payload, string eventName, string source, DateTime now, CancellationToken ct)
    {
        var language = TemplateRenderer.Language((string?)payload["language"]);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["url"] = (string?)payload["url"] ?? "",
            ["organization"] = await OrganizationAsync(language, ct),
            ["contact"] = "",
        };
        var rendered = TemplateRenderer.Render(DefaultTemplates.For(eventName), language, values);
        var address = ((string?)payload["email"])?.Trim();
        var notification = New(eventName, NotificationChannel.Email, "", language, rendered, source, now);
        if (Madoguchi.Core.Japanese.EmailAddress.IsValid(address))
        {
            notification.Recipient = address!;
        }
        else
        {
            Skip(notification, "宛先のメールアドレスが正しくありません。 / The address is not valid.");
        }

        list.Add(notification);
    }

    /// <summary>
    /// Reads, in one query, the applications the given events are about, so that planning a batch of events costs one
    /// read instead of one (or two) per event. Events about other applications are still read one by one.
    /// </summary>
    public async Task PreloadAsync(IReadOnlyCollection<OutboxMessage> messages, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var ids = new List<Guid>(messages.Count);
        foreach (var message in messages)
        {
            using var payload = JsonDocument.Parse(message.PayloadJson);
            if (payload.RootElement.ValueKind == JsonValueKind.Object
                && payload.RootElement.TryGetProperty("applicationId", out var id)
                && id.ValueKind == JsonValueKind.String
                && id.TryGetGuid(out var applicationId))
            {
                ids.Add(applicationId);
            }
        }

        ids = ids.Distinct().ToList();
        _applications = ids.Count == 0
            ? []
            : await db.Applications.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
    }

    private Dictionary<Guid, Application>? _applications;
    private Tenant? _tenant;

    private async Task<Application?> ApplicationAsync(Guid id, CancellationToken ct) =>
        _applications is not null && _applications.TryGetValue(id, out var preloaded)
            ? preloaded
            : await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);

    /// <summary>The version's definition from the cache; its (large) JSON is read only on a miss.</summary>
    private Task<ProcedureDefinition> DefinitionAsync(Application application, CancellationToken ct) =>
        definitions.GetAsync(application.ProcedureVersionId, () =>
            db.ProcedureVersions.AsNoTracking().Where(v => v.Id == application.ProcedureVersionId).Select(v => v.DefinitionJson).SingleAsync(ct));

    /// <summary>The event's tenant (every event a planner sees is of the scope's tenant), read once per planner.</summary>
    private async Task<Tenant> TenantAsync(CancellationToken ct)
    {
        if (_tenant is null)
        {
            var tenantId = db.CurrentTenantId;
            _tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId, ct);
        }

        return _tenant;
    }

    private async Task<Dictionary<string, string>> CaseValuesAsync(Application application, ProcedureDefinition definition, string language, CancellationToken ct)
    {
        var tenantSlug = (await TenantAsync(ct)).Slug;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["receiptNumber"] = application.ReceiptNumber,
            ["procedureTitle"] = definition.Title.For(language),
            ["statusUrl"] = Url($"/status?tenant={Uri.EscapeDataString(tenantSlug)}&receipt={Uri.EscapeDataString(application.ReceiptNumber)}"),
            ["organization"] = await OrganizationAsync(language, ct),
            ["contact"] = Contact(definition, language),
        };
    }

    private async Task<string> OrganizationAsync(string language, CancellationToken ct)
    {
        var tenant = await TenantAsync(ct);
        return language == "en" && !string.IsNullOrEmpty(tenant.NameEn) ? tenant.NameEn : tenant.NameJa;
    }

    private static string Contact(ProcedureDefinition definition, string language)
    {
        var parts = new List<string> { definition.Department.For(language) };
        if (definition.Contact is { } c)
        {
            if (c.Name is not null)
            {
                parts.Add(c.Name.For(language));
            }

            if (c.Phone is not null)
            {
                parts.Add((language == "en" ? "Tel: " : "電話：") + c.Phone);
            }

            if (c.Email is not null)
            {
                parts.Add((language == "en" ? "Email: " : "メール：") + c.Email);
            }
        }

        return string.Join(" ", parts.Where(p => p.Length > 0));
    }

    private string Url(string path) => options.CurrentValue.PublicBaseUrl.TrimEnd('/') + path;

    internal static Notification New(string eventName, NotificationChannel channel, string recipient, string language, RenderedNotification rendered, string source, DateTime now) => new()
    {
        SourceKey = source,
        Event = eventName,
        Channel = channel,
        Recipient = recipient,
        Language = language,
        Subject = rendered.Subject.Length <= 500 ? rendered.Subject : rendered.Subject[..500],
        Body = rendered.Body,
        Status = NotificationStatus.Pending,
        NextAttemptAt = now,
        CreatedAt = now,
    };

    private static void Skip(Notification notification, string reason)
    {
        notification.Status = NotificationStatus.Skipped;
        notification.LastError = reason;
    }
}
