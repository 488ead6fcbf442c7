using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Core.Webhooks;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Server.Features.Webhooks;

/// <summary>
/// Sends due webhook deliveries. A delivery is claimed by a conditional update on its attempt count (which also
/// pushes its next attempt past the claim period), so two nodes never send it at once; a node that dies mid-send
/// leaves it due again after the claim period (at-least-once; receivers deduplicate by webhook-id). Anything but
/// 2xx is retried on the schedule (with jitter) until <see cref="WebhookOptions.RetryWindowHours"/> after the first
/// attempt, then the delivery is dead-lettered until someone resends it.
/// </summary>
public sealed class WebhookSender(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptionsMonitor<WebhookOptions> options,
    OutboundGuard guard,
    IDataProtectionProvider protection,
    ILogger<WebhookSender> logger) : IDisposable
{
    public const string SecretPurpose = "Madoguchi.Webhooks.Secret";
    public const string UserAgent = "Madoguchi-Webhooks/1.0";

    /// <summary>How many redirects (307/308 only) one attempt follows, each target checked like the first.</summary>
    public const int MaxRedirects = 3;

    private const int LogEntries = 20;

    private readonly IDataProtector _protector = protection.CreateProtector(SecretPurpose);
    private readonly Lazy<HttpClient> _client = new(() => new HttpClient(guard.CreateHandler(() => new OutboundAllowlist(options.CurrentValue.AllowedHosts), TimeSpan.FromSeconds(10)))
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    public OutboundAllowlist Allowlist => new(options.CurrentValue.AllowedHosts);

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    /// <summary>Sends every delivery that is due; returns how many attempts this node made.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var attempts = 0;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            List<(Guid Id, int Attempts)> due;
            using (var scope = scopes.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                due = (await db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking()
                    .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now)
                    .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
                    .Select(d => new { d.Id, d.Attempts }).Take(20).ToListAsync(ct))
                    .Select(d => (d.Id, d.Attempts)).ToList();
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

    /// <summary>Sends one pending delivery now (test ping, resend from the UI); false when another node has it.</summary>
    public async Task<bool> SendNowAsync(Guid id, CancellationToken ct)
    {
        int seen;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var row = await db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking()
                .Where(d => d.Id == id && d.Status == WebhookDeliveryStatus.Pending).Select(d => new { d.Attempts }).SingleOrDefaultAsync(ct);
            if (row is null)
            {
                return false;
            }

            seen = row.Attempts;
        }

        return await TrySendAsync(id, seen, ct);
    }

    private async Task<bool> TrySendAsync(Guid id, int seenAttempts, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var settings = options.CurrentValue;
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseUntil = now.AddSeconds(settings.ClaimSeconds);
        var claimed = await db.WebhookDeliveries.IgnoreQueryFilters()
            .Where(d => d.Id == id && d.Status == WebhookDeliveryStatus.Pending && d.Attempts == seenAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Attempts, seenAttempts + 1).SetProperty(d => d.NextAttemptAt, leaseUntil), ct);
        if (claimed == 0)
        {
            return false;
        }

        var delivery = await db.WebhookDeliveries.IgnoreQueryFilters().SingleAsync(d => d.Id == id, ct);
        var subscription = await db.WebhookSubscriptions.IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(s => s.Id == delivery.SubscriptionId && s.TenantId == delivery.TenantId, ct);

        now = clock.GetUtcNow().UtcDateTime;
        delivery.WindowStartedAt ??= now;
        delivery.LastAttemptAt = now;
        Attempt result;
        if (subscription is null || !subscription.Enabled)
        {
            result = new Attempt(null, "購読が無効です。 / The subscription is disabled.", Final: true);
        }
        else
        {
            try
            {
                result = await AttemptAsync(subscription, delivery, now, settings, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Webhook delivery {DeliveryId} failed unexpectedly", id);
                result = new Attempt(null, ex.GetType().Name, Final: false);
            }
        }

        delivery.LastStatusCode = result.StatusCode;
        delivery.LastError = result.Error is { Length: > 500 } long_ ? long_[..500] : result.Error;
        if (result.Delivered)
        {
            delivery.Status = WebhookDeliveryStatus.Delivered;
            delivery.DeliveredAt = now;
        }
        else
        {
            var next = now + WebhookRetry.Delay(delivery.Attempts, settings.Schedule(), Random.Shared.NextDouble());
            if (result.Final || !WebhookRetry.WithinWindow(delivery.WindowStartedAt.Value, next, TimeSpan.FromHours(settings.RetryWindowHours)))
            {
                delivery.Status = WebhookDeliveryStatus.Dead;
            }
            else
            {
                delivery.NextAttemptAt = next;
            }
        }

        delivery.AttemptLog = AppendLog(delivery.AttemptLog, now, delivery.Attempts, result);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Webhook delivery {DeliveryId} ({EventType}, attempt {Attempt}): {Status} {StatusCode}", id, delivery.EventType, delivery.Attempts, delivery.Status, result.StatusCode);
        return true;
    }

    private async Task<Attempt> AttemptAsync(WebhookSubscription subscription, WebhookDelivery delivery, DateTime now, WebhookOptions settings, CancellationToken ct)
    {
        var secrets = new List<string>();
        try
        {
            secrets.Add(_protector.Unprotect(subscription.SecretProtected));
            if (subscription.PreviousSecretProtected is { } previous && subscription.PreviousSecretExpiresAt > now)
            {
                secrets.Add(_protector.Unprotect(previous));
            }
        }
        catch (CryptographicException)
        {
            return new Attempt(null, "署名鍵を復号できません。鍵を更新してください。 / The signing secret cannot be decrypted; rotate it.", Final: true);
        }

        var timestamp = new DateTimeOffset(now, TimeSpan.Zero).ToUnixTimeSeconds();
        var signature = StandardWebhooks.SignatureHeader(secrets, delivery.MessageId, timestamp, delivery.Payload);
        if (!Uri.TryCreate(subscription.Url, UriKind.Absolute, out var target))
        {
            return new Attempt(null, OutboundRefusal.Invalid.Both, Final: true);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, settings.TimeoutSeconds)));
        var allowlist = Allowlist;
        for (var hop = 0; ; hop++)
        {
            if (OutboundGuard.CheckUrl(target, allowlist, settings.AllowHttp) is { } refusal)
            {
                return new Attempt(null, (hop > 0 ? "転送先: " : "") + refusal.Both, Final: hop == 0 && refusal != OutboundRefusal.Internal);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, target)
            {
                Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("webhook-id", delivery.MessageId);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", signature);
            request.Headers.UserAgent.ParseAdd(UserAgent);
            try
            {
                using var response = await _client.Value.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return new Attempt(status, null, Final: false) { Delivered = true };
                }

                if (response.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect && response.Headers.Location is { } location)
                {
                    if (hop >= MaxRedirects)
                    {
                        return new Attempt(status, "転送が多すぎます。 / Too many redirects.", Final: false);
                    }

                    target = location.IsAbsoluteUri ? location : new Uri(target, location);
                    continue;
                }

                var error = status is >= 300 and < 400
                    ? OutboundGuard.Describe(status) + ": 転送には従いません（307/308 以外）。 / Redirects other than 307/308 are not followed."
                    : OutboundGuard.Describe(status);
                return new Attempt(status, error, Final: false);
            }
            catch (HttpRequestException ex)
            {
                return new Attempt(null, (hop > 0 ? "転送先: " : "") + OutboundGuard.Describe(ex), Final: false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return new Attempt(null, "HTTP: timeout", Final: false);
            }
        }
    }

    private static string AppendLog(string log, DateTime at, int attempt, Attempt result)
    {
        var entries = (JsonNode.Parse(string.IsNullOrEmpty(log) ? "[]" : log) as JsonArray) ?? [];
        entries.Add(new JsonObject
        {
            ["at"] = at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["attempt"] = attempt,
            ["status"] = result.StatusCode,
            ["error"] = result.Error is { Length: > 200 } e ? e[..200] : result.Error,
        });
        while (entries.Count > LogEntries)
        {
            entries.RemoveAt(0);
        }

        return entries.ToJsonString();
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    private sealed record Attempt(int? StatusCode, string? Error, bool Final)
    {
        public bool Delivered { get; init; }
    }
}

/// <summary>The delivery loop of one node.</summary>
public sealed class WebhookWorker(WebhookSender sender, IOptionsMonitor<WebhookOptions> options, TimeProvider clock, ILogger<WebhookWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.WorkersEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.05, options.CurrentValue.PollIntervalSeconds)), clock);
        do
        {
            try
            {
                await sender.SendDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Webhook pass failed; the next one tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
