using Madoguchi.Data;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Portal;

/// <summary>
/// Deletes abandoned drafts and the files uploaded into them once their link has expired: drafts hold personal
/// data the applicant never sent, so they must not outlive their purpose. Safe to run on several nodes at once
/// (set-based deletes; removing an already removed file is a no-op).
/// </summary>
public sealed class DraftSweeper(IServiceScopeFactory scopes, TimeProvider clock, FileStore files, ILogger<DraftSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    /// <summary>Removes up to 1,000 expired drafts (of one tenant, or of all when <paramref name="tenantId"/> is null).</summary>
    public async Task<int> SweepAsync(DateTime nowUtc, CancellationToken cancellationToken, Guid? tenantId = null)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var expired = db.Drafts.IgnoreQueryFilters().Where(d => d.ExpiresAt < nowUtc && d.ApplicationId == null);
        if (tenantId is { } only)
        {
            expired = expired.Where(d => d.TenantId == only);
        }

        var draftIds = await expired.Select(d => d.Id).Take(1000).ToListAsync(cancellationToken);
        if (draftIds.Count == 0)
        {
            return 0;
        }

        var orphans = db.StoredFiles.IgnoreQueryFilters().Where(f => f.DraftId != null && draftIds.Contains(f.DraftId.Value) && f.ApplicationId == null);
        var keys = await orphans.Select(f => f.StorageKey).ToListAsync(cancellationToken);
        await orphans.ExecuteDeleteAsync(cancellationToken);
        await db.Drafts.IgnoreQueryFilters().Where(d => draftIds.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);

        // Rows first, bytes second: a crash in between leaves unreferenced bytes, never a row pointing at nothing.
        foreach (var key in keys)
        {
            files.Delete(key);
        }

        logger.LogInformation("Removed {Drafts} expired drafts and {Files} of their files", draftIds.Count, keys.Count);
        return draftIds.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                while (await SweepAsync(clock.GetUtcNow().UtcDateTime, stoppingToken) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick tries again; a failed sweep loses nothing.
                logger.LogWarning(ex, "Draft sweep failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
