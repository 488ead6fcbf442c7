using System.Text.Json;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Procedures;

public sealed record ImportResult(Procedure? Procedure, IReadOnlyList<DefinitionProblem> Problems, bool Created);

/// <summary>The version made (or re-activated) by a publish, or the problems that prevented it; neither when not found.</summary>
public sealed record PublishResult(ProcedureVersion? Version, IReadOnlyList<DefinitionProblem> Problems)
{
    /// <summary>Set when the actor may not publish (the organisation requires a certification they do not hold).</summary>
    public LocalizedText? Refused { get; init; }
}

/// <summary>Imports, updates, publishes and unpublishes procedure definitions for the current tenant.</summary>
public sealed class ProcedureCatalog(AppDbContext db, TenantScope tenant, TimeProvider clock, DefinitionCache cache)
{
    /// <summary>Parses and checks a definition; saves it as the working draft only when it has no problem at all.</summary>
    public async Task<ImportResult> ImportAsync(string json, string actor, string? expectedSlug, CancellationToken cancellationToken)
    {
        var parsed = ProcedureDefinitionParser.Parse(json);
        if (!parsed.IsValid)
        {
            return new ImportResult(null, parsed.Problems, false);
        }

        // Document templates are checked with Madoguchi.Documents, which Core does not reference.
        if (Seals.ProcedureTemplates.Problems(parsed.Definition!) is { Count: > 0 } templateProblems)
        {
            return new ImportResult(null, templateProblems, false);
        }

        var definition = parsed.Definition!;
        if (expectedSlug is not null && !string.Equals(expectedSlug, definition.Slug, StringComparison.Ordinal))
        {
            return new ImportResult(null,
            [
                new DefinitionProblem("$.slug", "slugMismatch", new LocalizedText(
                    $"slug '{definition.Slug}' が URL の '{expectedSlug}' と一致しません。",
                    $"slug '{definition.Slug}' does not match '{expectedSlug}' in the URL.")),
            ], false);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var canonical = ProcedureJson.Serialize(definition);
        var procedure = await db.Procedures.SingleOrDefaultAsync(p => p.Slug == definition.Slug, cancellationToken);
        var created = procedure is null;
        if (procedure is null)
        {
            procedure = new Procedure
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenant.TenantId ?? throw new InvalidOperationException("No tenant."),
                Slug = definition.Slug,
                CreatedAt = now,
            };
            db.Procedures.Add(procedure);
        }

        procedure.TitleJa = definition.Title.Ja;
        procedure.TitleEn = definition.Title.En;
        procedure.DraftDefinitionJson = canonical;
        procedure.UpdatedAt = now;
        Audit(actor, created ? "procedure.created" : "procedure.updated", procedure, now, null);
        await db.SaveChangesAsync(cancellationToken);
        return new ImportResult(procedure, [], created);
    }

    /// <summary>
    /// Creates a procedure from a definition that is still being designed: problems are allowed (the designer shows
    /// them), only the slug must be valid and free. The definition's slug is the new procedure's.
    /// </summary>
    public async Task<ImportResult> CreateDraftAsync(ProcedureDefinition definition, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var slugProblems = ProcedureDefinitionParser.Parse(ProcedureJson.Serialize(definition)).Problems.Where(p => p.Path == "$.slug").ToList();
        if (slugProblems.Count > 0)
        {
            return new ImportResult(null, slugProblems, false);
        }

        if (await db.Procedures.AnyAsync(p => p.Slug == definition.Slug, cancellationToken))
        {
            return new ImportResult(null,
            [
                new DefinitionProblem("$.slug", "slugTaken", new LocalizedText(
                    $"slug「{definition.Slug}」はこの自治体の別の手続で使われています。",
                    $"Slug \"{definition.Slug}\" is already used by another procedure of this municipality.")),
            ], false);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var procedure = new Procedure
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenant.TenantId ?? throw new InvalidOperationException("No tenant."),
            Slug = definition.Slug,
            CreatedAt = now,
        };
        SetDraft(procedure, definition, now);
        db.Procedures.Add(procedure);
        Audit(actor, "procedure.created", procedure, now, null);
        await db.SaveChangesAsync(cancellationToken);
        return new ImportResult(procedure, [], true);
    }

    /// <summary>
    /// Saves the designer's working draft as it stands, problems and all (publishing checks it). The slug stays the
    /// procedure's. Returns false when the procedure does not exist (in this tenant). Not audited: the designer saves
    /// every few seconds, and what matters, the published version, is.
    /// </summary>
    public async Task<bool> SaveDraftAsync(Guid procedureId, ProcedureDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var procedure = await db.Procedures.SingleOrDefaultAsync(p => p.Id == procedureId, cancellationToken);
        if (procedure is null)
        {
            return false;
        }

        SetDraft(procedure, definition with { Slug = procedure.Slug }, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static void SetDraft(Procedure procedure, ProcedureDefinition definition, DateTime now)
    {
        // A title being typed may be blank for a moment; the list keeps showing the last real one.
        if (!string.IsNullOrWhiteSpace(definition.Title.Ja))
        {
            procedure.TitleJa = Truncate(definition.Title.Ja, 300)!;
            procedure.TitleEn = Truncate(definition.Title.En, 300);
        }

        procedure.DraftDefinitionJson = ProcedureJson.Serialize(definition);
        procedure.UpdatedAt = now;
    }

    private static string? Truncate(string? text, int length) => text is { } t && t.Length > length ? t[..length] : text;

    /// <summary>Freezes the working draft as the next immutable version and makes it the one applicants see.</summary>
    public async Task<ProcedureVersion?> PublishAsync(string slug, string actor, CancellationToken cancellationToken) =>
        (await PublishAsync(slug, actor, null, cancellationToken)).Version;

    /// <summary>
    /// Freezes the working draft as the next immutable version, with <paramref name="changeNote"/> as its changelog
    /// line, and makes it the one applicants see. A draft with problems (the designer saves those) is not published.
    /// </summary>
    public async Task<PublishResult> PublishAsync(string slug, string actor, string? changeNote, CancellationToken cancellationToken)
    {
        var procedure = await db.Procedures.SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (procedure is null)
        {
            return new PublishResult(null, []);
        }

        if (await PublishRefusalAsync(actor, cancellationToken) is { } refused)
        {
            return new PublishResult(null, []) { Refused = refused };
        }

        var parsed = ProcedureDefinitionParser.Parse(procedure.DraftDefinitionJson);
        if (!parsed.IsValid)
        {
            return new PublishResult(null, parsed.Problems);
        }

        if (Seals.ProcedureTemplates.Problems(parsed.Definition!) is { Count: > 0 } templateProblems)
        {
            return new PublishResult(null, templateProblems);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var latest = await db.ProcedureVersions.Where(v => v.ProcedureId == procedure.Id).OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);
        var sha = Secrets.Sha256Hex(procedure.DraftDefinitionJson);
        ProcedureVersion version;
        if (latest is not null && latest.DefinitionSha256 == sha)
        {
            // Publishing an unchanged definition re-activates the latest version rather than minting a duplicate.
            version = latest;
        }
        else
        {
            version = new ProcedureVersion
            {
                Id = Guid.CreateVersion7(),
                TenantId = procedure.TenantId,
                ProcedureId = procedure.Id,
                Number = (latest?.Number ?? 0) + 1,
                DefinitionJson = procedure.DraftDefinitionJson,
                DefinitionSha256 = sha,
                PublishedAt = now,
                PublishedBy = actor,
                ChangeNote = string.IsNullOrWhiteSpace(changeNote) ? null : Truncate(changeNote.Trim(), ProcedureVersion.ChangeNoteMaxLength),
            };
            db.ProcedureVersions.Add(version);
            procedure.LatestVersionNumber = version.Number;
        }

        procedure.PublishedVersionId = version.Id;
        procedure.UpdatedAt = now;
        Audit(actor, "procedure.published", procedure, now, string.IsNullOrWhiteSpace(changeNote)
            ? JsonSerializer.Serialize(new { version = version.Number })
            : JsonSerializer.Serialize(new { version = version.Number, note = changeNote.Trim() }));
        await db.SaveChangesAsync(cancellationToken);
        cache.ForgetCurrent(procedure.TenantId, procedure.Slug);
        return new PublishResult(version, []);
    }

    public async Task<bool> UnpublishAsync(string slug, string actor, CancellationToken cancellationToken)
    {
        var procedure = await db.Procedures.SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (procedure is null)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        procedure.PublishedVersionId = null;
        procedure.UpdatedAt = now;
        Audit(actor, "procedure.unpublished", procedure, now, null);
        await db.SaveChangesAsync(cancellationToken);
        cache.ForgetCurrent(procedure.TenantId, procedure.Slug);
        return true;
    }

    /// <summary>Makes an earlier (or any existing) version the one applicants see again; nothing new is minted.</summary>
    /// <summary>
    /// Why <paramref name="actor"/> may not publish in this organisation (its maker policy requires a certification they
    /// do not hold), or null. Every publishing path — designer, procedure list, API — asks this.
    /// </summary>
    public Task<LocalizedText?> PublishRefusalAsync(string actor, CancellationToken cancellationToken) =>
        new Features.Academy.AcademyService(db, clock).MakerRefusalAsync(actor, Madoguchi.Core.Academy.MakerAction.Publish, cancellationToken);

    /// <summary>Makes an earlier version the published one again; callers check <see cref="PublishRefusalAsync"/> first.</summary>
    public async Task<ProcedureVersion?> RepublishAsync(string slug, int number, string actor, CancellationToken cancellationToken)
    {
        if (await PublishRefusalAsync(actor, cancellationToken) is not null)
        {
            return null;
        }

        var procedure = await db.Procedures.SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        var version = procedure is null ? null : await db.ProcedureVersions.SingleOrDefaultAsync(v => v.ProcedureId == procedure.Id && v.Number == number, cancellationToken);
        if (procedure is null || version is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        procedure.PublishedVersionId = version.Id;
        procedure.UpdatedAt = now;
        Audit(actor, "procedure.republished", procedure, now, JsonSerializer.Serialize(new { version = version.Number }));
        await db.SaveChangesAsync(cancellationToken);
        cache.ForgetCurrent(procedure.TenantId, procedure.Slug);
        return version;
    }

    /// <summary>Sets the 受付期間 (null = open-ended) and the message applicants see outside it.</summary>
    public async Task<Procedure?> ScheduleAsync(string slug, ProcedureSchedule schedule, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var procedure = await db.Procedures.SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (procedure is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        procedure.OpensAt = schedule.OpensAt;
        procedure.ClosesAt = schedule.ClosesAt;
        procedure.ClosedMessageJa = schedule.ClosedMessage?.Ja;
        procedure.ClosedMessageEn = schedule.ClosedMessage?.En;
        procedure.UpdatedAt = now;
        Audit(actor, "procedure.scheduled", procedure, now, JsonSerializer.Serialize(new { opensAt = schedule.OpensAt, closesAt = schedule.ClosesAt }));
        await db.SaveChangesAsync(cancellationToken);
        cache.ForgetCurrent(procedure.TenantId, procedure.Slug);
        return procedure;
    }

    /// <summary>Every version of a procedure, newest first, with its changelog line.</summary>
    public async Task<IReadOnlyList<ProcedureVersion>> VersionsAsync(string slug, CancellationToken cancellationToken) =>
        await db.ProcedureVersions.AsNoTracking()
            .Where(v => db.Procedures.Any(p => p.Id == v.ProcedureId && p.Slug == slug))
            .OrderByDescending(v => v.Number)
            .ToListAsync(cancellationToken);

    /// <summary>
    /// The stored definition (canonical JSON): the working draft, or published version <paramref name="versionNumber"/>.
    /// Null when the procedure or that version does not exist.
    /// </summary>
    public async Task<string?> ExportAsync(string slug, int? versionNumber, CancellationToken cancellationToken)
    {
        var procedure = await db.Procedures.AsNoTracking().Where(p => p.Slug == slug)
            .Select(p => new { p.Id, p.DraftDefinitionJson }).SingleOrDefaultAsync(cancellationToken);
        if (procedure is null || versionNumber is null)
        {
            return procedure?.DraftDefinitionJson;
        }

        return await db.ProcedureVersions.AsNoTracking().Where(v => v.ProcedureId == procedure.Id && v.Number == versionNumber)
            .Select(v => v.DefinitionJson).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>A long-lived (circuit) caller drops tracked rows between operations so it always reads fresh state.</summary>
    public void Detach() => db.ChangeTracker.Clear();

    private void Audit(string actor, string action, Procedure procedure, DateTime now, string? details) =>
        db.AuditRecords.Add(new AuditRecord
        {
            TenantId = procedure.TenantId,
            At = now,
            Actor = actor,
            Action = action,
            EntityType = "procedure",
            EntityId = procedure.Id.ToString(),
            Details = details ?? JsonSerializer.Serialize(new { slug = procedure.Slug }),
        });
}

/// <summary>Caches parsed published definitions: versions are immutable, so a version id is a perfect cache key.</summary>
public sealed class DefinitionCache(TimeProvider clock)
{
    /// <summary>How long a node may answer "slug → published version" from memory; publishing on this node clears it at once.</summary>
    public static readonly TimeSpan CurrentVersionLifetime = TimeSpan.FromSeconds(2);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, ProcedureDefinition> _cache = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, PublishedProcedure> _versions = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(Guid Tenant, string Slug), (PublishedProcedure? Value, DateTimeOffset At)> _current = new();

    /// <summary>Versions are immutable, so their identity (procedure, tenant, slug, number) can be kept for good.</summary>
    public PublishedProcedure? FindVersion(Guid versionId) => _versions.GetValueOrDefault(versionId);

    public void RememberVersion(PublishedProcedure procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        _versions[procedure.VersionId] = procedure;
    }

    public bool TryGetCurrent(Guid tenantId, string slug, out PublishedProcedure? procedure)
    {
        if (_current.TryGetValue((tenantId, slug), out var hit) && clock.GetUtcNow() - hit.At < CurrentVersionLifetime)
        {
            procedure = hit.Value;
            return true;
        }

        procedure = null;
        return false;
    }

    public void RememberCurrent(Guid tenantId, string slug, PublishedProcedure? procedure) =>
        _current[(tenantId, slug)] = (procedure, clock.GetUtcNow());

    public void ForgetCurrent(Guid tenantId, string slug) => _current.TryRemove((tenantId, slug), out _);

    public ProcedureDefinition Get(ProcedureVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return _cache.GetOrAdd(version.Id, static (_, json) => Parse(json), version.DefinitionJson);
    }

    /// <summary>Loads the stored JSON only on a miss, so hot paths never read the (large) definition column.</summary>
    public async Task<ProcedureDefinition> GetAsync(Guid versionId, Func<Task<string>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (_cache.TryGetValue(versionId, out var hit))
        {
            return hit;
        }

        var definition = Parse(await load());
        return _cache.GetOrAdd(versionId, definition);
    }

    private static ProcedureDefinition Parse(string json) =>
        JsonSerializer.Deserialize<ProcedureDefinition>(json, ProcedureJson.Options) ?? throw new InvalidOperationException("Stored definition is empty.");
}

/// <summary>A published procedure as the intake paths need it: ids, the version number and the parsed definition.</summary>
public sealed record PublishedProcedure(Guid ProcedureId, Guid TenantId, string Slug, Guid VersionId, int VersionNumber, ProcedureDefinition Definition)
{
    /// <summary>The 受付期間 of the procedure (current values, not frozen with the version).</summary>
    public ProcedureSchedule Schedule { get; init; } = ProcedureSchedule.Always;
}

/// <summary>受付期間: when applications are accepted, and what applicants are told outside it.</summary>
public sealed record ProcedureSchedule(DateTime? OpensAt, DateTime? ClosesAt, LocalizedText? ClosedMessage)
{
    public static readonly ProcedureSchedule Always = new(null, null, null);

    public bool IsOpenAt(DateTime utcNow) => (OpensAt is null || utcNow >= OpensAt) && (ClosesAt is null || utcNow < ClosesAt);

    /// <summary>Whether the period has not started yet (as opposed to having ended).</summary>
    public bool NotYetOpenAt(DateTime utcNow) => OpensAt is { } opens && utcNow < opens;
}

/// <summary>Finds what applicants may apply to, reading two narrow rows and the definition from the cache.</summary>
public sealed class PublishedProcedures(AppDbContext db, DefinitionCache cache)
{
    /// <summary>
    /// The version applicants may apply to now. Answered from memory for at most
    /// <see cref="DefinitionCache.CurrentVersionLifetime"/>: another node's publish or unpublish shows here within
    /// that time, this node's at once.
    /// </summary>
    public async Task<PublishedProcedure?> FindAsync(string slug, CancellationToken ct)
    {
        var tenantId = db.CurrentTenantId ?? throw new InvalidOperationException("No tenant.");
        if (cache.TryGetCurrent(tenantId, slug, out var cached))
        {
            return cached;
        }

        var row = await db.Procedures.AsNoTracking()
            .Where(p => p.Slug == slug && p.PublishedVersionId != null)
            .Select(p => new { p.Id, p.TenantId, p.Slug, VersionId = p.PublishedVersionId!.Value, Number = p.PublishedVersion!.Number, p.OpensAt, p.ClosesAt, p.ClosedMessageJa, p.ClosedMessageEn })
            .SingleOrDefaultAsync(ct);
        var found = row is null ? null : (await ComposeAsync(row.Id, row.TenantId, row.Slug, row.VersionId, row.Number, ct)) with
        {
            Schedule = new ProcedureSchedule(row.OpensAt, row.ClosesAt, row.ClosedMessageJa is { Length: > 0 } ja ? new LocalizedText(ja, row.ClosedMessageEn) : null),
        };
        cache.RememberCurrent(tenantId, slug, found);
        return found;
    }

    /// <summary>Everything the current tenant publishes, in title order.</summary>
    public async Task<List<PublishedProcedure>> ListAsync(CancellationToken ct)
    {
        var rows = await db.Procedures.AsNoTracking()
            .Where(p => p.PublishedVersionId != null)
            .OrderBy(p => p.TitleJa)
            .Select(p => new { p.Id, p.TenantId, p.Slug, VersionId = p.PublishedVersionId!.Value, Number = p.PublishedVersion!.Number })
            .ToListAsync(ct);
        var list = new List<PublishedProcedure>(rows.Count);
        foreach (var row in rows)
        {
            list.Add(await ComposeAsync(row.Id, row.TenantId, row.Slug, row.VersionId, row.Number, ct));
        }

        return list;
    }

    /// <summary>A specific version, published now or not (a draft keeps the version it was started on).</summary>
    public async Task<PublishedProcedure?> FindVersionAsync(Guid procedureId, Guid versionId, CancellationToken ct)
    {
        // The memory bypasses the tenant filter, so the tenant is checked here.
        if (cache.FindVersion(versionId) is { } known)
        {
            return known.ProcedureId == procedureId && known.TenantId == db.CurrentTenantId ? known : null;
        }

        var row = await db.ProcedureVersions.AsNoTracking()
            .Where(v => v.Id == versionId && v.ProcedureId == procedureId)
            .Join(db.Procedures, v => v.ProcedureId, p => p.Id, (v, p) => new { p.Id, p.TenantId, p.Slug, VersionId = v.Id, v.Number })
            .SingleOrDefaultAsync(ct);
        return row is null ? null : await ComposeAsync(row.Id, row.TenantId, row.Slug, row.VersionId, row.Number, ct);
    }

    private async Task<PublishedProcedure> ComposeAsync(Guid id, Guid tenantId, string slug, Guid versionId, int number, CancellationToken ct)
    {
        var definition = await cache.GetAsync(versionId, () => db.ProcedureVersions.AsNoTracking().Where(v => v.Id == versionId).Select(v => v.DefinitionJson).SingleAsync(ct));
        var procedure = new PublishedProcedure(id, tenantId, slug, versionId, number, definition);
        cache.RememberVersion(procedure);
        return procedure;
    }
}
