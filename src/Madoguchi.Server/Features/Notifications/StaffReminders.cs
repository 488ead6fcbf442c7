using System.Globalization;
using System.Text;
using System.Text.Json;
using Madoguchi.Core.Calendar;
using Madoguchi.Core.Cases;
using Madoguchi.Core.Notifications;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Cases;
using Madoguchi.Server.Features.Procedures;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Server.Features.Notifications;

/// <summary>
/// The daily reminders: per tenant, open cases whose current step or 標準処理期間 falls due within two 開庁日 or has
/// passed; each handler gets ONE digest email of their cases, each department with a webhook one post of its overdue
/// cases. Idempotent per day (the notifications' unique key holds the date), so several nodes or a re-run add nothing.
/// </summary>
public sealed class StaffReminders(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<NotificationOptions> options, ILogger<StaffReminders> logger)
{
    public const int DueSoonBusinessDays = 2;

    private DateOnly _lastRun;

    /// <summary>Runs today's reminders once the configured time (Japan) has passed and this node has not yet run them.</summary>
    public async Task RunIfDueAsync(CancellationToken ct)
    {
        var settings = options.CurrentValue;
        if (!settings.RemindersEnabled)
        {
            return;
        }

        var japanNow = clock.GetUtcNow().UtcDateTime + TimeSpan.FromHours(9);
        var today = DateOnly.FromDateTime(japanNow);
        var at = TimeOnly.TryParseExact(settings.ReminderTime, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : new TimeOnly(8, 30);
        if (_lastRun == today || TimeOnly.FromDateTime(japanNow) < at)
        {
            return;
        }

        await RunAsync(today, null, ct);
        _lastRun = today;
    }

    /// <summary>Makes the reminders of <paramref name="japanDate"/> (for one tenant or all); returns how many notifications were added.</summary>
    public async Task<int> RunAsync(DateOnly japanDate, Guid? onlyTenant, CancellationToken ct)
    {
        List<Guid> tenants;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            tenants = await db.Tenants.AsNoTracking().Where(t => onlyTenant == null || t.Id == onlyTenant).Select(t => t.Id).ToListAsync(ct);
        }

        var added = 0;
        foreach (var tenantId in tenants)
        {
            try
            {
                added += await RunTenantAsync(tenantId, japanDate, ct);
            }
            catch (DbUpdateException)
            {
                // Another node made the same reminders at the same moment; theirs stand.
                logger.LogInformation("Reminders of {TenantId} for {Date} were made concurrently elsewhere", tenantId, japanDate);
            }
        }

        return added;
    }

    private sealed record DueCase(Application Application, ProcedureDefinition Definition, DateOnly Due, IReadOnlyList<Guid> Handlers, string? Department);

    private async Task<int> RunTenantAsync(Guid tenantId, DateOnly today, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var definitions = scope.ServiceProvider.GetRequiredService<DefinitionCache>();
        var calendar = await scope.ServiceProvider.GetRequiredService<Features.Calendar.TenantCalendars>().GetAsync(db, ct);
        var open = await db.Applications.AsNoTracking().Include(a => a.ProcedureVersion)
            .Where(a => a.Status != ApplicationStatus.Approved && a.Status != ApplicationStatus.Rejected && a.Status != ApplicationStatus.Withdrawn)
            .ToListAsync(ct);

        var due = new List<DueCase>();
        foreach (var application in open)
        {
            var definition = definitions.Get(application.ProcedureVersion!);
            var route = RouteDefinition.Of(definition);
            var state = string.IsNullOrEmpty(application.CaseStateJson) ? null : JsonSerializer.Deserialize<CaseState>(application.CaseStateJson, CaseService.Json);
            var received = state?.ReceivedAt ?? application.SubmittedAt;
            var pauses = state?.Pauses ?? [];
            var dates = new List<DateOnly>();
            if (definition.ProcessingDays is { } days && CaseClock.DueDate(received, days, pauses, calendar.AddBusinessDays) is { } processingDue)
            {
                dates.Add(processingDue);
            }

            RouteStep? step = null;
            if (state is not null && CaseClock.Current(route, state) is { } current)
            {
                step = route.FindStep(current.StepId);
                if (current.DueBusinessDays is { } stepDays && CaseClock.DueDate(current.StartedAt, stepDays, current.Pauses, calendar.AddBusinessDays) is { } stepDue)
                {
                    dates.Add(stepDue);
                }
            }

            if (dates.Count == 0)
            {
                continue;
            }

            var first = dates.Min();
            if (first >= today && calendar.BusinessDaysBetween(today, first) > DueSoonBusinessDays)
            {
                continue;
            }

            var handlers = new List<Guid>();
            if (StaffId(state?.Handler) is { } handler)
            {
                handlers.Add(handler);
            }
            else if (step?.Staff is { } assigned)
            {
                handlers.AddRange(assigned.Select(StaffId).OfType<Guid>());
            }

            var department = step?.Department ?? route.Steps.Select(s => s.Department).FirstOrDefault(d => !string.IsNullOrEmpty(d));
            due.Add(new DueCase(application, definition, first, handlers, department));
        }

        if (due.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var source = "reminder:" + today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var existing = await db.Notifications.AsNoTracking().Where(n => n.SourceKey == source).Select(n => n.Recipient).ToListAsync(ct);
        var inboxUrl = options.CurrentValue.PublicBaseUrl.TrimEnd('/') + "/staff";
        var added = new List<Notification>();

        var handlerIds = due.SelectMany(d => d.Handlers).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => u.TenantId == tenantId && handlerIds.Contains(u.Id)).ToListAsync(ct);
        foreach (var user in users.Where(u => !string.IsNullOrEmpty(u.Email) && !existing.Contains(u.Email!)))
        {
            var mine = due.Where(d => d.Handlers.Contains(user.Id)).OrderBy(d => d.Due).ToList();
            var values = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["name"] = user.DisplayName,
                ["count"] = mine.Count.ToString(CultureInfo.InvariantCulture),
                ["cases"] = CaseLines(mine, today),
                ["inboxUrl"] = inboxUrl,
            };
            var n = NotificationPlanner.New(NotificationEvents.StaffReminder, NotificationChannel.Email, user.Email!, "ja", TemplateRenderer.Render(DefaultTemplates.StaffReminder, "ja", values), source, now);
            n.TenantId = tenantId;
            added.Add(n);
        }

        var overdueByDepartment = due.Where(d => d.Due < today && d.Department is not null).GroupBy(d => d.Department!).ToList();
        if (overdueByDepartment.Count > 0)
        {
            var departments = overdueByDepartment.Select(g => g.Key).ToList();
            var hooks = await db.DepartmentWebhooks.AsNoTracking().Where(w => departments.Contains(w.Department)).ToListAsync(ct);
            foreach (var hook in hooks.Where(h => !existing.Contains(h.Id.ToString())))
            {
                var cases = overdueByDepartment.Single(g => g.Key == hook.Department).OrderBy(d => d.Due).ToList();
                var values = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["count"] = cases.Count.ToString(CultureInfo.InvariantCulture),
                    ["cases"] = CaseLines(cases, today),
                };
                var n = NotificationPlanner.New(NotificationEvents.OverdueCases, hook.Channel, hook.Id.ToString(), "ja", TemplateRenderer.Render(DefaultTemplates.OverdueCases, "ja", values), source, now);
                n.TenantId = tenantId;
                added.Add(n);
            }
        }

        db.Notifications.AddRange(added);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Reminders for {Date}: {Count} notifications in tenant {TenantId}", today, added.Count, tenantId);
        return added.Count;
    }

    /// <summary>One line per case: receipt number, procedure, due date (no applicant data).</summary>
    private static string CaseLines(IEnumerable<DueCase> cases, DateOnly today)
    {
        var sb = new StringBuilder();
        foreach (var c in cases)
        {
            sb.Append('・').Append(c.Application.ReceiptNumber).Append(' ').Append(c.Definition.Title.Ja)
                .Append(" 期限 ").Append(TemplateRenderer.FormatDate(c.Due, "ja"))
                .Append(c.Due < today ? "（期限超過）" : "").Append('\n');
        }

        return sb.ToString().TrimEnd('\n');
    }

    /// <summary>A staff user's id from an actor id ("staff:{guid}" or a bare guid).</summary>
    private static Guid? StaffId(string? actor) =>
        actor is null ? null
        : Guid.TryParse(actor.StartsWith("staff:", StringComparison.Ordinal) ? actor[6..] : actor, out var id) ? id : null;
}
