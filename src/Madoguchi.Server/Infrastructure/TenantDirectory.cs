using System.Collections.Concurrent;
using Madoguchi.Data;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Infrastructure;

public sealed record TenantInfo(Guid Id, string Slug, string NameJa, string? NameEn)
{
    public string Name(string language) => language == "en" && !string.IsNullOrEmpty(NameEn) ? NameEn : NameJa;
}

/// <summary>Resolves a tenant slug from a public URL. Tenants change rarely; a short cache keeps the portal fast.</summary>
public sealed class TenantDirectory(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, (TenantInfo? Tenant, DateTimeOffset At)> _cache = new(StringComparer.Ordinal);

    public async Task<TenantInfo?> FindAsync(string slug, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(slug, out var hit) && now - hit.At < Lifetime)
        {
            return hit.Tenant;
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = await db.Tenants.AsNoTracking()
            .Where(t => t.Slug == slug)
            .Select(t => new TenantInfo(t.Id, t.Slug, t.NameJa, t.NameEn))
            .SingleOrDefaultAsync(cancellationToken);
        _cache[slug] = (tenant, now);
        return tenant;
    }

    public async Task<TenantInfo?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Tenants.AsNoTracking()
            .Where(t => t.Id == id)
            .Select(t => new TenantInfo(t.Id, t.Slug, t.NameJa, t.NameEn))
            .SingleOrDefaultAsync(cancellationToken);
    }
}
