using System.Collections.Concurrent;
using Madoguchi.Core.Procedures;
using Madoguchi.Server.Infrastructure;

namespace Madoguchi.Server.Features.Designer;

/// <summary>
/// The definitions open in designers, for the preview frame: each designer registers under a random key and updates
/// its entry after every edit (a reference swap), and the preview endpoint renders the portal's form page from it.
/// Only the user who opened the designer, in the same tenant, can read an entry. Node-local and safe to lose: a
/// missing entry asks for a reload.
/// </summary>
public sealed class DesignerPreviews(TimeProvider clock)
{
    /// <summary>Entries untouched for this long are dropped (a designer that closed without saying so).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly ConcurrentDictionary<Guid, PreviewEntry> _entries = new();

    public sealed record PreviewEntry(TenantInfo Tenant, string UserId, ProcedureDefinition Definition, DateTimeOffset Touched);

    public Guid Open(TenantInfo tenant, string userId, ProcedureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(definition);
        var now = clock.GetUtcNow();
        foreach (var (key, entry) in _entries)
        {
            if (now - entry.Touched > Lifetime)
            {
                _entries.TryRemove(key, out _);
            }
        }

        var id = Guid.NewGuid();
        _entries[id] = new PreviewEntry(tenant, userId, definition, now);
        return id;
    }

    public void Update(Guid key, ProcedureDefinition definition)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            _entries[key] = entry with { Definition = definition, Touched = clock.GetUtcNow() };
        }
    }

    public void Close(Guid key) => _entries.TryRemove(key, out _);

    public PreviewEntry? Find(Guid key, Guid tenantId, string userId) =>
        _entries.TryGetValue(key, out var entry) && entry.Tenant.Id == tenantId && string.Equals(entry.UserId, userId, StringComparison.Ordinal)
            ? entry
            : null;
}
