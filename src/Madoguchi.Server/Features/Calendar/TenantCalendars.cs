using System.Collections.Concurrent;
using Madoguchi.Core.Calendar;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Calendar;

/// <summary>
/// Each organisation's business calendar (開庁日): the national holidays and weekends, 年末年始 unless the organisation
/// turned it off, and its own 臨時休業日 / 臨時開庁日. Kept in memory for a short while; a change made on this node is
/// seen at once, one made on another node within <see cref="Lifetime"/>.
/// </summary>
public sealed class TenantCalendars(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, (BusinessCalendar Calendar, DateTime Until)> _cache = new();

    /// <summary>The calendar of the context's current tenant.</summary>
    public Task<BusinessCalendar> GetAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return ForTenantAsync(db, db.CurrentTenantId ?? throw new InvalidOperationException("No tenant is set on the context."), cancellationToken);
    }

    /// <summary>The calendar of any tenant (for work across tenants, such as a backfill).</summary>
    public async Task<BusinessCalendar> ForTenantAsync(AppDbContext db, Guid tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = clock.GetUtcNow().UtcDateTime;
        if (_cache.TryGetValue(tenantId, out var cached) && cached.Until > now)
        {
            return cached.Calendar;
        }

        var yearEnd = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => (bool?)t.YearEndClosure).SingleOrDefaultAsync(cancellationToken) ?? true;
        var days = await db.CalendarDays.IgnoreQueryFilters().AsNoTracking().Where(d => d.TenantId == tenantId).Select(d => new { d.Date, d.Open }).ToListAsync(cancellationToken);
        var result = BusinessCalendar.Create(Options(yearEnd, days.Select(d => (d.Date, d.Open))));

        // Stored days were checked when they were saved; should they ever conflict, the national calendar still stands.
        var calendar = result.Calendar ?? BusinessCalendar.Create(new BusinessCalendarOptions { YearEndClosure = yearEnd }).Calendar!;
        _cache[tenantId] = (calendar, now + Lifetime);
        return calendar;
    }

    public void Invalidate(Guid tenantId) => _cache.TryRemove(tenantId, out _);

    public static BusinessCalendarOptions Options(bool yearEndClosure, IEnumerable<(DateOnly Date, bool Open)> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var list = days.ToList();
        return new BusinessCalendarOptions
        {
            YearEndClosure = yearEndClosure,
            ExtraClosures = [.. list.Where(d => !d.Open).Select(d => d.Date)],
            ExtraOpenDays = [.. list.Where(d => d.Open).Select(d => d.Date)],
        };
    }
}

/// <summary>One reason a calendar change is refused, in Japanese and English.</summary>
public sealed record CalendarChangeProblem(string Code, LocalizedText Message);

/// <summary>Changes to an organisation's calendar, checked, audited, and seen by deadlines at once.</summary>
public sealed class CalendarService(AppDbContext db, TenantCalendars calendars, Features.Procedures.DefinitionCache definitions, TimeProvider clock)
{
    public static readonly DateOnly Earliest = new(1980, 1, 1);
    public static readonly DateOnly Latest = new(2100, 12, 31);

    public Task<List<CalendarDay>> ListAsync(int year, CancellationToken cancellationToken) =>
        db.CalendarDays.AsNoTracking()
            .Where(d => d.Date >= new DateOnly(year, 1, 1) && d.Date <= new DateOnly(year, 12, 31))
            .OrderBy(d => d.Date)
            .ToListAsync(cancellationToken);

    /// <summary>Adds a 臨時休業日 or 臨時開庁日; returns the problems (nothing is saved when there is one).</summary>
    public async Task<IReadOnlyList<CalendarChangeProblem>> AddAsync(DateOnly date, bool open, string noteJa, string? noteEn, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(noteJa);
        var problems = new List<CalendarChangeProblem>();
        var iso = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (date < Earliest || date > Latest)
        {
            problems.Add(new("outOfRange", new($"{iso}は扱える範囲（1980年から2100年まで）の外です。", $"{iso} is outside the supported range (1980 to 2100).")));
        }

        if (string.IsNullOrWhiteSpace(noteJa) || noteJa.Trim().Length > 200)
        {
            problems.Add(new("noteRequired", new("理由（日本語、200文字以内）を入力してください。例: システム更新のため臨時休業", "Give the reason in Japanese (up to 200 characters), e.g. システム更新のため臨時休業.")));
        }

        if (noteEn is { Length: > 200 })
        {
            problems.Add(new("noteTooLong", new("英語の理由は200文字以内にしてください。", "The English reason must be 200 characters or fewer.")));
        }

        if (problems.Count == 0)
        {
            if (await db.CalendarDays.AnyAsync(d => d.Date == date, cancellationToken))
            {
                problems.Add(new("duplicateDate", new($"{iso}は既に登録されています。変えるときは先に削除してください。", $"{iso} is already listed; remove it first to change it.")));
            }
            else
            {
                var current = await calendars.GetAsync(db, cancellationToken);
                var reason = current.ClosureReason(date);
                if (!open && reason is not null)
                {
                    problems.Add(new("alreadyClosed", new($"{iso}は既に閉庁日です（{reason.Ja}）。", $"{iso} is already a closed day ({reason.En}).")));
                }
                else if (open && reason is null)
                {
                    problems.Add(new("alreadyOpen", new($"{iso}は既に開庁日です。臨時開庁日は土日・祝日・年末年始にだけ指定できます。", $"{iso} is already a business day; extra open days can only be weekends, holidays or the year-end closure.")));
                }
            }
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.CalendarDays.Add(new CalendarDay { Id = Guid.CreateVersion7(), Date = date, Open = open, NoteJa = noteJa.Trim(), NoteEn = string.IsNullOrWhiteSpace(noteEn) ? null : noteEn.Trim(), CreatedAt = now, CreatedBy = actor });
        db.AuditRecords.Add(new AuditRecord { At = now, Actor = actor, Action = open ? "calendar.openDayAdded" : "calendar.closureAdded", EntityType = "calendar", EntityId = iso });
        await db.SaveChangesAsync(cancellationToken);
        await ChangedAsync(cancellationToken);
        return [];
    }

    public async Task<bool> RemoveAsync(Guid id, string actor, CancellationToken cancellationToken)
    {
        var day = await db.CalendarDays.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (day is null)
        {
            return false;
        }

        db.CalendarDays.Remove(day);
        db.AuditRecords.Add(new AuditRecord
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = actor,
            Action = "calendar.dayRemoved",
            EntityType = "calendar",
            EntityId = day.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        await db.SaveChangesAsync(cancellationToken);
        await ChangedAsync(cancellationToken);
        return true;
    }

    /// <summary>Deadlines of open cases move with the calendar: their due columns are counted again.</summary>
    private async Task ChangedAsync(CancellationToken cancellationToken)
    {
        calendars.Invalidate(db.CurrentTenantId!.Value);
        var calendar = await calendars.GetAsync(db, cancellationToken);
        db.ChangeTracker.Clear();
        await Cases.CaseColumns.RefreshDueAsync(db, definitions, calendar, cancellationToken);
    }

    public async Task<bool> YearEndClosureAsync(CancellationToken cancellationToken) =>
        await db.Tenants.Where(t => t.Id == db.CurrentTenantId).Select(t => t.YearEndClosure).SingleAsync(cancellationToken);

    public async Task SetYearEndClosureAsync(bool closed, string actor, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.SingleAsync(t => t.Id == db.CurrentTenantId, cancellationToken);
        tenant.YearEndClosure = closed;
        db.AuditRecords.Add(new AuditRecord
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = actor,
            Action = closed ? "calendar.yearEndClosed" : "calendar.yearEndOpen",
            EntityType = "calendar",
            EntityId = "year-end",
        });
        await db.SaveChangesAsync(cancellationToken);
        await ChangedAsync(cancellationToken);
    }
}
