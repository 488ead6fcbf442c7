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

            // The common case: every event of a tenant's share of the batch planned in one transaction with a handful of
            // statements. If anything in it fails (or another node claimed part of it), those events are handled one by
            // one below, so one bad event cannot hold up the others and its failure is counted against it alone.
            var single = new List<(long Id, Guid TenantId)>();
            foreach (var group in batch.GroupBy(b => b.TenantId))
            {
                var ids = group.Select(g => g.Id).ToList();
                int? done;
                try
                {
                    done = ids.Count > 1 ? await HandleBatchAsync(ids, group.Key, ct) : null;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogInformation(ex, "A batch of {Count} outbox events failed together; handling them one by one", ids.Count);
                    done = null;
                }

                if (done is { } count)
                {
                    handled += count;
                }
                else
                {
                    single.AddRange(group);
                }
            }

            var failed = false;
            foreach (var (id, tenantId) in single)
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

    /// <summary>
    /// Claims and plans several events of one tenant in one transaction. Returns how many it handled, or null (having
    /// changed nothing) when another node claimed some of them first, so the caller takes them one by one.
    /// </summary>
    private async Task<int?> HandleBatchAsync(List<long> ids, Guid tenantId, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var planner = scope.ServiceProvider.GetRequiredService<NotificationPlanner>();
        var now = clock.GetUtcNow().UtcDateTime;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.OutboxMessages
            .Where(o => ids.Contains(o.Id) && o.ProcessedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.ProcessedAt, now), ct);
        if (claimed != ids.Count)
        {
            await transaction.RollbackAsync(ct);
            return null;
        }

        var messages = await db.OutboxMessages.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.Id).ToListAsync(ct);
        await planner.PreloadAsync(messages, ct);
        var planned = new List<Madoguchi.Data.Entities.Notification>();
        var fanOut = scope.ServiceProvider.GetRequiredService<Webhooks.WebhookFanOut>();
        var deliveries = 0;
        foreach (var message in messages)
        {
            planned.AddRange((await planner.PlanAsync(message, now, ct)).DistinctBy(n => (n.Channel, n.Recipient)));

            // Standard Webhooks deliveries of the same events commit with the claim, exactly once per subscription.
            deliveries += await fanOut.PlanAsync(message, now, ct);
        }

        // Rows left by an earlier run (an operator re-opening an event) are kept, not duplicated.
        var sources = ids.Select(Source).ToList();
        var existing = (await db.Notifications.AsNoTracking().Where(n => sources.Contains(n.SourceKey))
            .Select(n => new { n.SourceKey, n.Channel, n.Recipient }).ToListAsync(ct))
            .Select(e => (e.SourceKey, e.Channel, e.Recipient)).ToHashSet();
        db.Notifications.AddRange(planned.Where(n => !existing.Contains((n.SourceKey, n.Channel, n.Recipient))));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("{Count} outbox events made {Notifications} notifications and {Deliveries} webhook deliveries", messages.Count, planned.Count, deliveries);
        return messages.Count;
    }

    private static string Source(long id) => "outbox:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

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
        var source = Source(id);
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
