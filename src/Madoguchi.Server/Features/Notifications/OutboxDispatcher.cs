using Madoguchi.Data;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Notifications;

/// <summary>
/// Turns unprocessed outbox events into notifications and webhook deliveries. Each event is claimed by a conditional update
/// (<c>ProcessedAt IS NULL</c>) inside the transaction that also inserts its notifications, so the event is marked
/// processed exactly when its notifications exist, and of two nodes claiming the same event only one succeeds (on
/// PostgreSQL the second update waits for the first to commit and then matches no row; SQLite serialises writers).
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<OutboxDispatcher> logger)
{
    /// <summary>An event whose planning failed this often is left alone (visible in the outbox) instead of retried forever.</summary>
    public const int MaxAttempts = 10;

    /// <summary>Handles every waiting event (in batches); returns how many this node handled.</summary>
    public async Task<int> DispatchAsync(CancellationToken ct)
    {
        var handled = 0;
        while (true)
        {
            List<(long Id, Guid TenantId)> batch;
            using (var scope = scopes.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                batch = (await db.OutboxMessages.IgnoreQueryFilters().AsNoTracking()
                    .Where(o => o.ProcessedAt == null && o.Attempts < MaxAttempts)
                    .OrderBy(o => o.Id).Select(o => new { o.Id, o.TenantId }).Take(50).ToListAsync(ct))
                    .Select(o => (o.Id, o.TenantId)).ToList();
            }

            if (batch.Count == 0)
            {
                return handled;
            }

            var failed = false;
            foreach (var (id, tenantId) in batch)
            {
                try
                {
                    if (await HandleAsync(id, tenantId, ct))
                    {
                        handled++;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Outbox event {OutboxId} could not be turned into notifications", id);
                    await CountFailureAsync(id, tenantId, ct);
                    failed = true;
                }
            }

            // A failing event is tried again on the next pass, not in a tight loop now.
            if (failed)
            {
                return handled;
            }
        }
    }

    private async Task<bool> HandleAsync(long id, Guid tenantId, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var planner = scope.ServiceProvider.GetRequiredService<NotificationPlanner>();
        var now = clock.GetUtcNow().UtcDateTime;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.OutboxMessages
            .Where(o => o.Id == id && o.ProcessedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.ProcessedAt, now), ct);
        if (claimed == 0)
        {
            return false; // another node has it
        }

        var message = await db.OutboxMessages.AsNoTracking().SingleAsync(o => o.Id == id, ct);
        var notifications = await planner.PlanAsync(message, now, ct);

        // A row left by an earlier run (an operator re-opening an event) is kept, not duplicated.
        var source = "outbox:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var existing = await db.Notifications.AsNoTracking().Where(n => n.SourceKey == source).Select(n => new { n.Channel, n.Recipient }).ToListAsync(ct);
        db.Notifications.AddRange(notifications.Where(n => !existing.Any(e => e.Channel == n.Channel && e.Recipient == n.Recipient))
            .DistinctBy(n => (n.Channel, n.Recipient)));

        // Standard Webhooks deliveries of the same event commit with the claim, exactly once per subscription.
        var deliveries = await scope.ServiceProvider.GetRequiredService<Webhooks.WebhookFanOut>().PlanAsync(message, now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Outbox event {OutboxId} ({Type}) made {Count} notifications and {Deliveries} webhook deliveries", id, message.Type, notifications.Count, deliveries);
        return true;
    }

    private async Task CountFailureAsync(long id, Guid tenantId, CancellationToken ct)
    {
        try
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenantId);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.OutboxMessages.Where(o => o.Id == id && o.ProcessedAt == null).ExecuteUpdateAsync(s => s.SetProperty(o => o.Attempts, o => o.Attempts + 1), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not record the failure of outbox event {OutboxId}", id);
        }
    }
}
