using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Integration;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Cases;

/// <summary>Filters of the staff inbox and the API list: one definition, so both answer the same question the same way.</summary>
public sealed record InboxFilter(string? Procedure, string? Status, DateTime? From, DateTime? To, string? Text, int Page, int PageSize, string Sort, bool Descending)
{
    public static readonly string[] Sorts = ["submitted", "receipt", "status", "applicant"];

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

public static class InboxQuery
{
    public static async Task<(List<ApplicationSummary> Items, int Total)> RunAsync(AppDbContext db, InboxFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var query = from a in db.Applications.AsNoTracking()
                    join p in db.Procedures on a.ProcedureId equals p.Id
                    join v in db.ProcedureVersions on a.ProcedureVersionId equals v.Id
                    select new { a, p.Slug, v.Number };
        if (filter.Procedure is { Length: > 0 } slug)
        {
            query = query.Where(x => x.Slug == slug);
        }

        if (filter.Status is { Length: > 0 } && Enum.TryParse<ApplicationStatus>(filter.Status, true, out var status))
        {
            query = query.Where(x => x.a.Status == status);
        }

        if (filter.From is { } from)
        {
            var f = from.ToUniversalTime();
            query = query.Where(x => x.a.SubmittedAt >= f);
        }

        if (filter.To is { } to)
        {
            var t = to.ToUniversalTime();
            query = query.Where(x => x.a.SubmittedAt <= t);
        }

        if (filter.Text is { Length: > 0 } text)
        {
            var needle = text.Trim();
            var upper = needle.ToUpperInvariant();
            query = query.Where(x => x.a.ReceiptNumber.Contains(upper) || (x.a.ApplicantName != null && x.a.ApplicantName.Contains(needle)));
        }

        query = (filter.Sort, filter.Descending) switch
        {
            ("receipt", false) => query.OrderBy(x => x.a.ReceiptNumber),
            ("receipt", true) => query.OrderByDescending(x => x.a.ReceiptNumber),
            ("status", false) => query.OrderBy(x => x.a.Status).ThenByDescending(x => x.a.SubmittedAt),
            ("status", true) => query.OrderByDescending(x => x.a.Status).ThenByDescending(x => x.a.SubmittedAt),
            ("applicant", false) => query.OrderBy(x => x.a.ApplicantName),
            ("applicant", true) => query.OrderByDescending(x => x.a.ApplicantName),
            (_, false) => query.OrderBy(x => x.a.SubmittedAt).ThenBy(x => x.a.Id),
            _ => query.OrderByDescending(x => x.a.SubmittedAt).ThenByDescending(x => x.a.Id),
        };

        var total = await query.CountAsync(ct);
        var items = await query.Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(x => new ApplicationSummary(x.a.Id, x.a.ReceiptNumber, x.Slug, x.Number, x.a.Status.ToString(), x.a.Channel.ToString(), x.a.ApplicantName, x.a.SubmittedAt))
            .ToListAsync(ct);
        return (items, total);
    }
}
