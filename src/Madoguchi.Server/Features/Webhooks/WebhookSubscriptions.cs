using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Webhooks;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Server.Features.Webhooks;

/// <summary>What an admin or an API client sends to create or change a subscription.</summary>
public sealed record WebhookInput(string? Url, string? Description, string? Procedure, IReadOnlyList<string>? Events, bool? Enabled, bool? IncludeAnswers);

/// <summary>A refused input, by field, in Japanese and English.</summary>
public sealed record WebhookProblem(string Field, string Code, string Ja, string En);

/// <summary>A subscription as admins and the API see it; secrets never appear here.</summary>
public sealed record WebhookView(Guid Id, string Url, string Description, string? Procedure, IReadOnlyList<string> Events, bool Enabled, bool IncludeAnswers, DateTime? PreviousSecretExpiresAt, DateTime CreatedAt, string CreatedBy, DateTime UpdatedAt);

/// <summary>The one time a secret is shown: after creation and after rotation.</summary>
public sealed record WebhookWithSecret(WebhookView Webhook, string Secret);

public sealed record WebhookAttemptView(DateTime At, int Attempt, int? Status, string? Error);

public sealed record WebhookDeliveryView(Guid Id, string MessageId, string EventType, string Status, int Attempts, int? LastStatusCode, string? LastError, DateTime CreatedAt, DateTime? LastAttemptAt, DateTime? NextAttemptAt, DateTime? DeliveredAt, IReadOnlyList<WebhookAttemptView> Log, JsonElement Payload);

/// <summary>
/// Subscriptions of the current tenant (the DbContext's tenant filter scopes every query): validation with the SSRF
/// guard at save, secrets shown once, rotation, test pings, the delivery log and manual resend. Every change is audited.
/// </summary>
public sealed class WebhookSubscriptions(AppDbContext db, WebhookSender sender, OutboundGuard guard, IOptionsMonitor<WebhookOptions> options, TimeProvider clock)
{
    public async Task<List<WebhookView>> ListAsync(CancellationToken ct)
    {
        var rows = await db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(ct);
        var slugs = await ProcedureSlugsAsync(ct);
        return [.. rows.Select(s => View(s, slugs))];
    }

    public async Task<WebhookView?> GetAsync(Guid id, CancellationToken ct) =>
        await db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) is { } s ? View(s, await ProcedureSlugsAsync(ct)) : null;

    public async Task<(WebhookWithSecret? Created, IReadOnlyList<WebhookProblem> Problems)> CreateAsync(WebhookInput input, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = clock.GetUtcNow().UtcDateTime;
        var subscription = new WebhookSubscription { Id = Guid.CreateVersion7(), CreatedAt = now, CreatedBy = actor, UpdatedAt = now, Enabled = input.Enabled ?? true };
        var problems = await ApplyAsync(subscription, input, creating: true, ct);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var secret = StandardWebhooks.NewSecret();
        subscription.SecretProtected = sender.Protect(secret);
        db.WebhookSubscriptions.Add(subscription);
        Audit("webhook.created", subscription, actor, now, new { host = new Uri(subscription.Url).Host, events = subscription.EventTypes, subscription.ProcedureId, subscription.IncludeAnswers });
        await db.SaveChangesAsync(ct);
        return (new WebhookWithSecret(View(subscription, await ProcedureSlugsAsync(ct)), secret), []);
    }

    public async Task<(WebhookView? Updated, IReadOnlyList<WebhookProblem> Problems)> UpdateAsync(Guid id, WebhookInput input, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null)
        {
            return (null, [NotFound]);
        }

        var problems = await ApplyAsync(subscription, input, creating: false, ct);
        if (problems.Count > 0)
        {
            // Nothing of a refused edit may linger in the context for a later save to write.
            db.Entry(subscription).State = EntityState.Detached;
            return (null, problems);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        subscription.UpdatedAt = now;
        Audit("webhook.updated", subscription, actor, now, new { host = new Uri(subscription.Url).Host, events = subscription.EventTypes, subscription.ProcedureId, subscription.Enabled, subscription.IncludeAnswers });
        await db.SaveChangesAsync(ct);
        return (View(subscription, await ProcedureSlugsAsync(ct)), []);
    }

    /// <summary>A new current secret; the old one keeps signing (second signature) for <see cref="WebhookOptions.PreviousSecretHours"/>.</summary>
    public async Task<WebhookWithSecret?> RotateAsync(Guid id, string actor, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var secret = StandardWebhooks.NewSecret();
        subscription.PreviousSecretProtected = subscription.SecretProtected;
        subscription.PreviousSecretExpiresAt = now.AddHours(options.CurrentValue.PreviousSecretHours);
        subscription.SecretProtected = sender.Protect(secret);
        subscription.UpdatedAt = now;
        Audit("webhook.secretRotated", subscription, actor, now, new { previousExpiresAt = subscription.PreviousSecretExpiresAt });
        await db.SaveChangesAsync(ct);
        return new WebhookWithSecret(View(subscription, await ProcedureSlugsAsync(ct)), secret);
    }

    public async Task<bool> DeleteAsync(Guid id, string actor, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null)
        {
            return false;
        }

        db.WebhookSubscriptions.Remove(subscription);
        Audit("webhook.deleted", subscription, actor, clock.GetUtcNow().UtcDateTime, new { host = new Uri(subscription.Url).Host });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The latest deliveries of a subscription, newest first; null when the subscription is not this tenant's.</summary>
    public async Task<List<WebhookDeliveryView>?> DeliveriesAsync(Guid subscriptionId, int take, CancellationToken ct)
    {
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == subscriptionId, ct))
        {
            return null;
        }

        var rows = await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscriptionId)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        return [.. rows.Select(DeliveryView)];
    }

    /// <summary>Makes a delivery (dead, delivered or waiting) due now with a fresh retry window and the same webhook-id.</summary>
    public async Task<WebhookDeliveryView?> ResendAsync(Guid subscriptionId, Guid deliveryId, string actor, CancellationToken ct)
    {
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId && d.SubscriptionId == subscriptionId, ct);
        if (delivery is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        delivery.Status = WebhookDeliveryStatus.Pending;
        delivery.NextAttemptAt = now;
        delivery.WindowStartedAt = null;
        delivery.DeliveredAt = null;
        db.AuditRecords.Add(new AuditRecord
        {
            At = now,
            Actor = actor,
            Action = "webhook.resent",
            EntityType = "webhookDelivery",
            EntityId = delivery.Id.ToString(),
            Details = JsonSerializer.Serialize(new { subscriptionId, delivery.MessageId, delivery.EventType }),
        });
        await db.SaveChangesAsync(ct);
        return DeliveryView(delivery);
    }

    /// <summary>Queues a <c>webhook.test</c> delivery and sends it at once; the answer is its log row after the attempt.</summary>
    public async Task<WebhookDeliveryView?> PingAsync(Guid subscriptionId, string actor, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == subscriptionId, ct);
        if (subscription is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == subscription.TenantId).Select(t => t.Slug).SingleAsync(ct);
        var delivery = WebhookFanOut.NewDelivery(subscription, WebhookEvents.Test, now, new JsonObject { ["tenant"] = tenant, ["webhookId"] = subscription.Id }, now, null);

        // Sent here and now; the background worker takes it only if this attempt never happens (after a claim period).
        delivery.NextAttemptAt = now.AddSeconds(options.CurrentValue.ClaimSeconds);
        db.WebhookDeliveries.Add(delivery);
        Audit("webhook.pinged", subscription, actor, now, new { delivery.MessageId });
        await db.SaveChangesAsync(ct);
        await sender.SendNowAsync(delivery.Id, ct);
        var after = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == delivery.Id, ct);
        return DeliveryView(after);
    }

    public static readonly WebhookProblem NotFound = new("id", "notFound", "Webhook が見つかりません。", "The webhook was not found.");

    private async Task<List<WebhookProblem>> ApplyAsync(WebhookSubscription subscription, WebhookInput input, bool creating, CancellationToken ct)
    {
        var problems = new List<WebhookProblem>();
        if (creating || input.Url is not null)
        {
            var text = input.Url?.Trim() ?? "";
            if (text.Length is 0 or > 2000 || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
            {
                problems.Add(new("url", "invalidUrl", "送信先 URL を https://… の形で入力してください（2000文字以内）。", "Enter the target URL as https://… (up to 2000 characters)."));
            }
            else if (await guard.CheckAsync(uri, sender.Allowlist, options.CurrentValue.AllowHttp, ct) is { } refusal)
            {
                problems.Add(new("url", refusal.Code, "送信先 URL: " + refusal.Ja, "Target URL: " + refusal.En));
            }
            else
            {
                subscription.Url = uri.AbsoluteUri;
            }
        }

        if (creating || input.Events is not null)
        {
            var events = (input.Events ?? []).Select(e => e?.Trim() ?? "").Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            var unknown = events.Where(e => !WebhookEvents.All.Contains(e)).ToList();
            if (events.Count == 0 || unknown.Count > 0)
            {
                var list = string.Join(", ", WebhookEvents.All);
                problems.Add(new("events", "invalidEvents",
                    unknown.Count > 0 ? $"不明なイベントです: {string.Join(", ", unknown)}。選べるのは {list} です。" : $"イベントを1つ以上選んでください（{list}）。",
                    unknown.Count > 0 ? $"Unknown events: {string.Join(", ", unknown)}. Choose from {list}." : $"Choose at least one event ({list})."));
            }
            else
            {
                subscription.EventTypes = string.Join(' ', WebhookEvents.All.Where(events.Contains));
            }
        }

        if (creating || input.Procedure is not null)
        {
            var slug = input.Procedure?.Trim() ?? "";
            if (slug.Length == 0)
            {
                subscription.ProcedureId = null;
            }
            else if (await db.Procedures.AsNoTracking().Where(p => p.Slug == slug).Select(p => (Guid?)p.Id).SingleOrDefaultAsync(ct) is { } procedureId)
            {
                subscription.ProcedureId = procedureId;
            }
            else
            {
                problems.Add(new("procedure", "unknownProcedure", $"手続「{slug}」が見つかりません。空欄にするとすべての手続が対象です。", $"Procedure '{slug}' was not found. Leave it empty for every procedure."));
            }
        }

        if (input.Description is not null)
        {
            var description = input.Description.Trim();
            if (description.Length > 200)
            {
                problems.Add(new("description", "tooLong", "説明は200文字以内にしてください。", "Keep the description to 200 characters."));
            }
            else
            {
                subscription.Description = description;
            }
        }

        if (input.Enabled is { } enabled)
        {
            subscription.Enabled = enabled;
        }

        if (input.IncludeAnswers is { } answers)
        {
            subscription.IncludeAnswers = answers;
        }

        return problems;
    }

    private void Audit(string action, WebhookSubscription subscription, string actor, DateTime at, object details) =>
        db.AuditRecords.Add(new AuditRecord
        {
            At = at,
            Actor = actor,
            Action = action,
            EntityType = "webhookSubscription",
            EntityId = subscription.Id.ToString(),
            Details = JsonSerializer.Serialize(details),
        });

    private Task<Dictionary<Guid, string>> ProcedureSlugsAsync(CancellationToken ct) =>
        db.Procedures.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Slug, ct);

    private static WebhookView View(WebhookSubscription s, Dictionary<Guid, string> slugs) =>
        new(s.Id, s.Url, s.Description, s.ProcedureId is { } p ? slugs.GetValueOrDefault(p, p.ToString()) : null, WebhookEvents.Parse(s.EventTypes), s.Enabled, s.IncludeAnswers, s.PreviousSecretExpiresAt, s.CreatedAt, s.CreatedBy, s.UpdatedAt);

    public static WebhookDeliveryView DeliveryView(WebhookDelivery d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var log = (JsonNode.Parse(string.IsNullOrEmpty(d.AttemptLog) ? "[]" : d.AttemptLog) as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(e => new WebhookAttemptView(DateTime.Parse((string)e["at"]!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), (int)e["attempt"]!, (int?)e["status"], (string?)e["error"]))
            .ToList();
        using var payload = JsonDocument.Parse(d.Payload);
        return new WebhookDeliveryView(d.Id, d.MessageId, d.EventType, d.Status.ToString().ToLowerInvariant(), d.Attempts, d.LastStatusCode, d.LastError, d.CreatedAt, d.LastAttemptAt,
            d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null, d.DeliveredAt, log, payload.RootElement.Clone());
    }
}
