using System.Runtime.CompilerServices;
using Madoguchi.Core.Exports;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Exports;

/// <summary>Which applications an export reads (the inbox list's filters: status and submission time range, UTC).</summary>
public sealed record ExportFilter(ApplicationStatus? Status, DateTime? From, DateTime? To);

/// <summary>One application as the export reads it: a narrow projection, plus the id for the attachments.</summary>
public sealed record ExportRow(Guid Id, ExportRecord Record);

/// <summary>
/// Reads a procedure's applications in keyset-paged batches ordered by (submitted at, receipt number): no tracking,
/// one narrow projection per batch, never more than one batch in memory. Receipt numbers are unique per tenant, so
/// the key is total and a row is neither read twice nor skipped, even while new applications arrive.
/// </summary>
public static class ExportReader
{
    public const int DefaultBatchSize = 500;

    public static async IAsyncEnumerable<IReadOnlyList<ExportRow>> BatchesAsync(AppDbContext db, Guid procedureId, ExportFilter filter,
        int batchSize = DefaultBatchSize, [EnumeratorCancellation] CancellationToken ct = default)
    {
        DateTime? lastAt = null;
        var lastReceipt = "";
        while (true)
        {
            var query = db.Applications.AsNoTracking().Where(a => a.ProcedureId == procedureId);
            if (filter.Status is { } status)
            {
                query = query.Where(a => a.Status == status);
            }

            if (filter.From is { } from)
            {
                query = query.Where(a => a.SubmittedAt >= from);
            }

            if (filter.To is { } to)
            {
                query = query.Where(a => a.SubmittedAt <= to);
            }

            if (lastAt is { } at)
            {
                var receipt = lastReceipt;
                query = query.Where(a => a.SubmittedAt > at || (a.SubmittedAt == at && a.ReceiptNumber.CompareTo(receipt) > 0));
            }

            var page = await query.OrderBy(a => a.SubmittedAt).ThenBy(a => a.ReceiptNumber).Take(batchSize)
                .Select(a => new { a.Id, a.ReceiptNumber, a.SubmittedAt, a.Status, a.Channel, Version = a.ProcedureVersion!.Number, a.AnswersJson })
                .ToListAsync(ct);
            if (page.Count == 0)
            {
                yield break;
            }

            yield return page.Select(a => new ExportRow(a.Id, new ExportRecord(a.ReceiptNumber, a.SubmittedAt, a.Status.ToString(), a.Channel.ToString(), a.Version, a.AnswersJson))).ToList();
            if (page.Count < batchSize)
            {
                yield break;
            }

            lastAt = page[^1].SubmittedAt;
            lastReceipt = page[^1].ReceiptNumber;
        }
    }
}
