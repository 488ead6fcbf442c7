using System.Security.Cryptography;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Server.Features.Notifications;

/// <summary>
/// Delivers due notifications. Each is claimed by a conditional update on its attempt count (the count is the
/// row's version), which also pushes its next attempt past the claim period, so two nodes never send the same
/// notification at once; a node that dies mid-send leaves it due again after the claim period (at-least-once).
/// Failures retry with exponential backoff and jitter for <see cref="NotificationOptions.RetryWindowHours"/>.
/// </summary>
public sealed class NotificationSender(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptionsMonitor<NotificationOptions> options,
    EmailTransport email,
    WebhookTransport webhooks,
    IDataProtectionProvider protection,
    ILogger<NotificationSender> logger)
{
    public const string WebhookProtectorPurpose = "Madoguchi.Notifications.Webhook";

    private readonly IDataProtector _protector = protection.CreateProtector(WebhookProtectorPurpose);

    /// <summary>Sends every notification that is due; returns how many attempts this node made.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var attempts = 0;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            List<(long Id, int Attempts)> due;
            using (var scope = scopes.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                due = (await db.Notifications.IgnoreQueryFilters().AsNoTracking()
                    .Where(n => n.Status == NotificationStatus.Pending && n.NextAttemptAt <= now)
                    .OrderBy(n => n.NextAttemptAt).ThenBy(n => n.Id)
                    .Select(n => new { n.Id, n.Attempts }).Take(20).ToListAsync(ct))
                    .Select(n => (n.Id, n.Attempts)).ToList();
            }

            if (due.Count == 0)
            {
                return attempts;
            }

            foreach (var (id, seen) in due)
            {
                if (await TrySendAsync(id, seen, ct))
                {
                    attempts++;
                }
            }
        }
    }

    private async Task<bool> TrySendAsync(long id, int seenAttempts, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var settings = options.CurrentValue;
        var leaseUntil = now.AddSeconds(settings.ClaimSeconds);
        var claimed = await db.Notifications.IgnoreQueryFilters()
            .Where(n => n.Id == id && n.Status == NotificationStatus.Pending && n.Attempts == seenAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Attempts, seenAttempts + 1).SetProperty(n => n.NextAttemptAt, leaseUntil), ct);
        if (claimed == 0)
        {
            return false; // another node has it, or staff changed it
        }

        var notification = await db.Notifications.IgnoreQueryFilters().SingleAsync(n => n.Id == id, ct);
        DeliveryResult result;
        try
        {
            result = await DeliverAsync(db, notification, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Notification {NotificationId} could not be delivered", id);
            result = new DeliveryResult(DeliveryOutcome.Retry, ex.GetType().Name);
        }

        now = clock.GetUtcNow().UtcDateTime;
        switch (result.Outcome)
        {
            case DeliveryOutcome.Sent:
                notification.Status = NotificationStatus.Sent;
                notification.SentAt = now;
                notification.LastError = null;
                break;
            case DeliveryOutcome.Skip:
                notification.Status = NotificationStatus.Skipped;
                notification.LastError = result.Error;
                break;
            case DeliveryOutcome.Fail:
                notification.Status = NotificationStatus.Failed;
                notification.LastError = result.Error;
                break;
            default:
                notification.LastError = result.Error;
                var delay = Backoff(notification.Attempts, settings);
                if (now + delay > (notification.RetryUntil ?? notification.CreatedAt.AddHours(settings.RetryWindowHours)))
                {
                    notification.Status = NotificationStatus.Failed;
                }
                else
                {
                    notification.NextAttemptAt = now + delay;
                }

                break;
        }

        if (notification.LastError is { Length: > 1000 } long_)
        {
            notification.LastError = long_[..1000];
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Notification {NotificationId} ({Channel}, attempt {Attempt}): {Outcome}", id, notification.Channel, notification.Attempts, notification.Status);
        return true;
    }

    private async Task<DeliveryResult> DeliverAsync(AppDbContext db, Notification notification, CancellationToken ct)
    {
        if (notification.Channel == NotificationChannel.Email)
        {
            return await email.SendAsync(notification, ct);
        }

        if (!Guid.TryParse(notification.Recipient, out var hookId)
            || await db.DepartmentWebhooks.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(w => w.Id == hookId && w.TenantId == notification.TenantId, ct) is not { } hook)
        {
            return new DeliveryResult(DeliveryOutcome.Skip, "Webhook が削除されています。 / The webhook has been removed.");
        }

        string url;
        try
        {
            url = _protector.Unprotect(hook.UrlProtected);
        }
        catch (CryptographicException)
        {
            return new DeliveryResult(DeliveryOutcome.Fail, "Webhook の URL を復号できません。設定し直してください。 / The webhook URL cannot be decrypted; set it again.");
        }

        return await webhooks.PostAsync(notification.Channel, new Uri(url), notification.Subject, notification.Body, ct);
    }

    /// <summary>Initial × 2^(attempt−1), capped, ±20 % jitter so that many failures do not retry in step.</summary>
    public static TimeSpan Backoff(int attempt, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seconds = Math.Min(options.RetryInitialSeconds * Math.Pow(2, Math.Max(0, attempt - 1)), options.RetryMaxSeconds);
        var jitter = 0.8 + (RandomNumberGenerator.GetInt32(401) / 1000.0);
        return TimeSpan.FromSeconds(seconds * jitter);
    }

    /// <summary>Staff "retry now": a failed, skipped or waiting notification becomes due at once, with a fresh retry window.</summary>
    public static async Task<bool> RetryNowAsync(AppDbContext db, long id, DateTime nowUtc, TimeSpan window, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var changed = await db.Notifications
            .Where(n => n.Id == id && n.Recipient != "" && (n.Status == NotificationStatus.Failed || n.Status == NotificationStatus.Skipped || (n.Status == NotificationStatus.Pending && n.NextAttemptAt > nowUtc)))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, NotificationStatus.Pending).SetProperty(n => n.NextAttemptAt, nowUtc).SetProperty(n => n.RetryUntil, nowUtc + window), ct);
        return changed == 1;
    }
}
