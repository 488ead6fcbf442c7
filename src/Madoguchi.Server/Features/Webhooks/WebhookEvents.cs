using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Webhooks;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Webhooks;

/// <summary>The public event types and how internal outbox events map onto them.</summary>
public static class WebhookEvents
{
    public const string Received = "application.received";
    public const string StatusChanged = "application.status_changed";
    public const string Decided = "application.decided";
    public const string CorrectionRequested = "application.correction_requested";
    public const string Message = "application.message";

    /// <summary>Sent only by "test ping"; no subscription chooses it.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All = [Received, StatusChanged, Decided, CorrectionRequested, Message];

    /// <summary>Outbox type → public type; null for events that are not published (account e-mails and the like).</summary>
    public static string? PublicType(string outboxType) => outboxType switch
    {
        "application.submitted" => Received,
        "application.state_changed" => StatusChanged,
        "application.decided" => Decided,
        "application.correction_requested" => CorrectionRequested,
        "application.message" => Message,
        _ => null,
    };

    public static string StatusName(ApplicationStatus status) => status switch
    {
        ApplicationStatus.InReview => "in_review",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static IReadOnlyList<string> Parse(string eventTypes) =>
        eventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>
/// Makes the deliveries of one outbox event, inside the outbox step's transaction (see OutboxDispatcher): one row
/// per matching subscription, unique by (subscription, outbox event), so a re-run adds nothing.
/// </summary>
public sealed class WebhookFanOut(AppDbContext db)
{
    private List<WebhookSubscription>? _enabled;

    public async Task<int> PlanAsync(OutboxMessage message, DateTime nowUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (WebhookEvents.PublicType(message.Type) is not { } type)
        {
            return 0;
        }

        // Read once per fan-out instance (one per dispatcher batch), so a batch of events costs one query, not one each.
        _enabled ??= await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Enabled).ToListAsync(ct);
        List<WebhookSubscription> subscriptions = [.. _enabled.Where(s => WebhookEvents.Parse(s.EventTypes).Contains(type))];
        if (subscriptions.Count == 0)
        {
            return 0;
        }

        var payload = JsonNode.Parse(message.PayloadJson) as JsonObject ?? [];
        if (!Guid.TryParse((string?)payload["applicationId"], out var applicationId))
        {
            return 0;
        }

        var application = await db.Applications.AsNoTracking()
            .Where(a => a.Id == applicationId)
            .Select(a => new { a.Id, a.ProcedureId, a.ReceiptNumber, a.Status, a.AnswersJson, Version = a.ProcedureVersion!.Number })
            .SingleOrDefaultAsync(ct);
        if (application is null)
        {
            return 0;
        }

        var procedureSlug = await db.Procedures.AsNoTracking().Where(p => p.Id == application.ProcedureId).Select(p => p.Slug).SingleAsync(ct);
        var tenantSlug = await db.Tenants.AsNoTracking().Where(t => t.Id == message.TenantId).Select(t => t.Slug).SingleAsync(ct);
        var existing = await db.WebhookDeliveries.AsNoTracking().Where(d => d.OutboxMessageId == message.Id).Select(d => d.SubscriptionId).ToListAsync(ct);

        var made = 0;
        foreach (var subscription in subscriptions.Where(s => (s.ProcedureId is null || s.ProcedureId == application.ProcedureId) && !existing.Contains(s.Id)))
        {
            var data = new JsonObject
            {
                ["tenant"] = tenantSlug,
                ["procedure"] = procedureSlug,
                ["procedureVersion"] = application.Version,
                ["applicationId"] = application.Id,
                ["receiptNumber"] = application.ReceiptNumber,
                ["status"] = WebhookEvents.StatusName(application.Status),
            };
            foreach (var extra in new[] { "from", "to", "outcome", "messageId" })
            {
                if (payload[extra] is { } value)
                {
                    data[type == WebhookEvents.Message && extra == "from" ? "author" : extra] = value.DeepClone();
                }
            }

            if (subscription.IncludeAnswers)
            {
                data["answers"] = JsonNode.Parse(application.AnswersJson);
            }

            db.WebhookDeliveries.Add(NewDelivery(subscription, type, message.CreatedAt, data, nowUtc, message.Id));
            made++;
        }

        return made;
    }

    /// <summary>A pending delivery of one event; the body is fixed here (retries send the same bytes).</summary>
    public static WebhookDelivery NewDelivery(WebhookSubscription subscription, string type, DateTime occurredAt, JsonObject data, DateTime nowUtc, long? outboxId)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var body = new JsonObject
        {
            ["type"] = type,
            ["timestamp"] = DateTime.SpecifyKind(occurredAt, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = data,
        };
        return new WebhookDelivery
        {
            Id = Guid.CreateVersion7(),
            TenantId = subscription.TenantId,
            SubscriptionId = subscription.Id,
            OutboxMessageId = outboxId,
            MessageId = StandardWebhooks.NewMessageId(),
            EventType = type,
            Payload = body.ToJsonString(WebhookEvents.Json),
            Status = WebhookDeliveryStatus.Pending,
            NextAttemptAt = nowUtc,
            CreatedAt = nowUtc,
        };
    }
}
