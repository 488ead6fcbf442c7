using Madoguchi.Core.Calendar;
using System.Linq.Expressions;
using Madoguchi.Core.Cases;
using Madoguchi.Core.Procedures;
using Madoguchi.Core.Search;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Integration;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Cases;

/// <summary>Filters of the staff inbox and the API list: one definition, so both answer the same question the same way.</summary>
public sealed record InboxFilter(string? Procedure, string? Status, DateTime? From, DateTime? To, string? Text, int Page, int PageSize, string Sort, bool Descending)
{
    public static readonly string[] Sorts = ["submitted", "receipt", "status", "applicant", "due"];

    public bool IsValid(out LocalizedText error)
    {
        error = new LocalizedText("");
        if (Status is { Length: > 0 } && !Enum.TryParse<ApplicationStatus>(Status, ignoreCase: true, out _))
        {
            error = new LocalizedText($"status '{Status}' は使えません ({string.Join(", ", Enum.GetNames<ApplicationStatus>())})。", $"status '{Status}' is not one of {string.Join(", ", Enum.GetNames<ApplicationStatus>())}.");
            return false;
        }

        if (From is { } f && To is { } t && f > t)
        {
            error = new LocalizedText("from は to 以前の日時にしてください。", "from must not be after to.");
            return false;
        }

        if (!Sorts.Contains(Sort))
        {
            error = new LocalizedText($"sort は {string.Join(", ", Sorts)} のいずれかです。", $"sort must be one of {string.Join(", ", Sorts)}.");
            return false;
        }

        if (Page < 1)
        {
            error = new LocalizedText("page は 1 以上です。", "page must be 1 or more.");
            return false;
        }

        return true;
    }
}

/// <summary>The inbox's views (tabs), in the order of their shortcut keys 1–5.</summary>
public enum InboxView
{
    /// <summary>自分の担当: I handle the current step, or a consultation waits for a party I belong to.</summary>
    Mine,

    /// <summary>課の案件: the current step admits my department.</summary>
    Department,

    /// <summary>期限間近: a due date (step or 標準処理期間) within N business days, not yet passed.</summary>
    DueSoon,

    /// <summary>期限超過: a due date has passed.</summary>
    Overdue,

    /// <summary>すべて.</summary>
    All,
}

/// <summary>Who looks at the inbox and when: what the views are relative to.</summary>
/// <param name="Me">The staff member as the case rules see them (StaffDirectory.ActorAsync).</param>
/// <param name="NowUtc">Now.</param>
/// <param name="DueSoonDays">期限間近 means due within this many business days (default 2).</param>
public sealed record InboxViewer(Actor Me, DateTime NowUtc, int DueSoonDays = 2)
{
    /// <summary>The organisation's business calendar (the national one when not given).</summary>
    public BusinessCalendar Calendar { get; init; } = BusinessCalendar.Standard;

    /// <summary>The end (exclusive, UTC) of the 期限間近 window: the end of the N-th business day after today in Japan.</summary>
    public DateTime DueSoonLimit => CaseIndex.EndOfJapanDay(Calendar.AddBusinessDays(CaseClock.JapanDate(NowUtc), Math.Max(0, DueSoonDays)));
}

/// <summary>One inbox row: the summary plus the case columns.</summary>
public sealed record InboxRow(
    Guid Id,
    string ReceiptNumber,
    Guid ProcedureVersionId,
    ApplicationStatus Status,
    IntakeChannel Channel,
    string? ApplicantName,
    DateTime SubmittedAt,
    int CaseVersion,
    string? CurrentStepId,
    string? AssigneeId,
    DateTime? StepDueAt,
    DateTime? ProcessingDueAt,
    DateTime? DueAt,
    DateTime LastActivityAt);

public static class InboxQuery
{
    /// <summary>An application joined with its procedure's slug and version number (a named type so queries compose).</summary>
    private sealed class Joined
    {
        public Application A { get; init; } = default!;
        public string Slug { get; init; } = "";
        public int Number { get; init; }
    }

    public static async Task<(List<ApplicationSummary> Items, int Total)> RunAsync(AppDbContext db, InboxFilter filter, CancellationToken ct)
    {
        var query = Sorted(Filtered(db, filter, null, InboxView.All), filter);
        var total = await query.CountAsync(ct);
        var items = await query.Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(x => new ApplicationSummary(x.A.Id, x.A.ReceiptNumber, x.Slug, x.Number, x.A.Status.ToString(), x.A.Channel.ToString(), x.A.ApplicantName, x.A.SubmittedAt))
            .ToListAsync(ct);
        return (items, total);
    }

    /// <summary>One page of an inbox view with the other filters applied.</summary>
    public static async Task<(List<InboxRow> Items, int Total)> RowsAsync(AppDbContext db, InboxFilter filter, InboxView view, InboxViewer viewer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var query = Sorted(Filtered(db, filter, viewer, view), filter);
        var total = await query.CountAsync(ct);
        var items = await query.Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(x => new InboxRow(x.A.Id, x.A.ReceiptNumber, x.A.ProcedureVersionId, x.A.Status, x.A.Channel, x.A.ApplicantName, x.A.SubmittedAt, x.A.CaseVersion,
                x.A.CurrentStepId, x.A.AssigneeId, x.A.StepDueAt, x.A.ProcessingDueAt, x.A.DueAt, x.A.LastActivityAt))
            .ToListAsync(ct);
        return (items, total);
    }

    /// <summary>How many cases of the procedure each view holds (the other filters not applied: the tabs' counts).</summary>
    public static async Task<Dictionary<InboxView, int>> ViewCountsAsync(AppDbContext db, string? procedureSlug, InboxViewer viewer, CancellationToken ct)
    {
        var all = new InboxFilter(procedureSlug, null, null, null, null, 1, 1, "submitted", true);
        var counts = new Dictionary<InboxView, int>();
        foreach (var view in Enum.GetValues<InboxView>())
        {
            counts[view] = await Filtered(db, all, viewer, view).CountAsync(ct);
        }

        return counts;
    }

    private static IQueryable<Joined> Filtered(AppDbContext db, InboxFilter filter, InboxViewer? viewer, InboxView view)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var query = from a in db.Applications.AsNoTracking()
                    join p in db.Procedures on a.ProcedureId equals p.Id
                    join v in db.ProcedureVersions on a.ProcedureVersionId equals v.Id
                    select new Joined { A = a, Slug = p.Slug, Number = v.Number };
        if (filter.Procedure is { Length: > 0 } slug)
        {
            query = query.Where(x => x.Slug == slug);
        }

        if (filter.Status is { Length: > 0 } && Enum.TryParse<ApplicationStatus>(filter.Status, true, out var status))
        {
            query = query.Where(x => x.A.Status == status);
        }

        if (filter.From is { } from)
        {
            var f = from.ToUniversalTime();
            query = query.Where(x => x.A.SubmittedAt >= f);
        }

        if (filter.To is { } to)
        {
            var t = to.ToUniversalTime();
            query = query.Where(x => x.A.SubmittedAt <= t);
        }

        if (filter.Text is { Length: > 0 } text)
        {
            // Receipt number, applicant name and short answers, normalized the same way on both sides (docs/inbox.md).
            var needle = SearchText.Normalize(text);
            if (needle.Length > 0)
            {
                query = query.Where(x => x.A.SearchText != null && x.A.SearchText.Contains(needle));
            }
        }

        return viewer is null ? query : query.Where(ViewPredicate(view, viewer));
    }

    /// <summary>The condition of a view, on the stored case columns.</summary>
    private static Expression<Func<Joined, bool>> ViewPredicate(InboxView view, InboxViewer viewer)
    {
        var now = viewer.NowUtc;
        switch (view)
        {
            case InboxView.Mine:
            {
                var me = viewer.Me.Id;
                Expression<Func<Joined, bool>> handler = x => x.A.AssigneeId == me;
                var parameter = handler.Parameters[0];
                var body = handler.Body;
                var parties = Expression.Property(Expression.Property(parameter, nameof(Joined.A)), nameof(Application.StepParties));
                foreach (var key in CaseIndex.KeysFor(viewer.Me))
                {
                    body = Expression.OrElse(body, Contains(parties, " " + key + " "));
                }

                return Expression.Lambda<Func<Joined, bool>>(body, parameter);
            }

            case InboxView.Department:
            {
                if (viewer.Me.Departments.Count == 0)
                {
                    return x => false;
                }

                var parameter = Expression.Parameter(typeof(Joined), "x");
                var departments = Expression.Property(Expression.Property(parameter, nameof(Joined.A)), nameof(Application.StepDepartments));
                Expression? body = null;
                foreach (var department in viewer.Me.Departments)
                {
                    var match = Contains(departments, " " + department + " ");
                    body = body is null ? match : Expression.OrElse(body, match);
                }

                return Expression.Lambda<Func<Joined, bool>>(body!, parameter);
            }

            case InboxView.DueSoon:
            {
                var limit = viewer.DueSoonLimit;
                return x => x.A.DueAt != null && x.A.DueAt > now && x.A.DueAt <= limit;
            }

            case InboxView.Overdue:
                return x => x.A.DueAt != null && x.A.DueAt <= now;
            default:
                return x => true;
        }
    }

    /// <summary><c>column != null &amp;&amp; column.Contains(value)</c>, with the value as a query parameter.</summary>
    private static BinaryExpression Contains(MemberExpression column, string value)
    {
        Expression<Func<string>> parameter = () => value;
        var contains = Expression.Call(column, typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!, parameter.Body);
        return Expression.AndAlso(Expression.NotEqual(column, Expression.Constant(null, typeof(string))), contains);
    }

    private static IQueryable<Joined> Sorted(IQueryable<Joined> query, InboxFilter filter) => (filter.Sort, filter.Descending) switch
    {
        ("receipt", false) => query.OrderBy(x => x.A.ReceiptNumber),
        ("receipt", true) => query.OrderByDescending(x => x.A.ReceiptNumber),
        ("status", false) => query.OrderBy(x => x.A.Status).ThenByDescending(x => x.A.SubmittedAt),
        ("status", true) => query.OrderByDescending(x => x.A.Status).ThenByDescending(x => x.A.SubmittedAt),
        ("applicant", false) => query.OrderBy(x => x.A.ApplicantName),
        ("applicant", true) => query.OrderByDescending(x => x.A.ApplicantName),

        // Cases without a due date last either way.
        ("due", false) => query.OrderBy(x => x.A.DueAt == null).ThenBy(x => x.A.DueAt).ThenBy(x => x.A.Id),
        ("due", true) => query.OrderBy(x => x.A.DueAt == null).ThenByDescending(x => x.A.DueAt).ThenBy(x => x.A.Id),
        (_, false) => query.OrderBy(x => x.A.SubmittedAt).ThenBy(x => x.A.Id),
        _ => query.OrderByDescending(x => x.A.SubmittedAt).ThenByDescending(x => x.A.Id),
    };
}
