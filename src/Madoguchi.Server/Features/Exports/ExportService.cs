using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Madoguchi.Core.Exports;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Procedures;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Server.Features.Exports;

/// <summary>What was asked for: a table format (or the attachments), and how.</summary>
public sealed record ExportRequest(
    ExportFormat Format,
    bool Files,
    ExportOptions Options,
    string? Mapping,
    ExportFilter Filter,
    string? Replacement);

/// <summary>The export written to a temporary file, or why it was not.</summary>
public sealed record ExportOutcome(
    Stream? Content,
    string ContentType,
    string FileName,
    long Rows,
    long Replaced,
    IReadOnlyList<UnmappableCharacter> Unmappable,
    long UnmappableCount);

/// <summary>A procedure, the definition its export columns come from, and (when named) its mapping.</summary>
public sealed record ExportSubject(Procedure Procedure, ProcedureDefinition Definition, ExportMapping? Mapping);

/// <summary>
/// Writes exports (CSV, CP932 CSV, XLSX, JSON Lines, attachments ZIP) while reading applications batch by batch, into
/// a temporary file under the data directory that is deleted when closed; the caller streams it out. Memory stays
/// constant; the file lets a CP932 export with unmappable characters be refused with the full list instead of
/// half-sent. See docs/exports.md.
/// </summary>
public sealed class ExportService(AppDbContext db, DefinitionCache definitions, FileStore files, IOptions<MadoguchiOptions> options, IWebHostEnvironment environment, TimeProvider clock)
{
    public string TempFolder => Path.Combine(options.Value.ResolveDataDirectory(environment.ContentRootPath), "exports", "tmp");

    /// <summary>
    /// The definition columns come from: the published version, else the newest version. Applications of older
    /// versions are exported in its columns (fields it no longer has are left out; new fields are blank).
    /// </summary>
    public async Task<ExportSubject?> FindAsync(string slug, CancellationToken ct)
    {
        var procedure = await db.Procedures.AsNoTracking().SingleOrDefaultAsync(p => p.Slug == slug, ct);
        if (procedure is null)
        {
            return null;
        }

        var version = procedure.PublishedVersionId is { } id
            ? await db.ProcedureVersions.AsNoTracking().SingleAsync(v => v.Id == id, ct)
            : await db.ProcedureVersions.AsNoTracking().Where(v => v.ProcedureId == procedure.Id).OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        var definition = version is null ? ProcedureDefinitionParser.Parse(procedure.DraftDefinitionJson).Definition : definitions.Get(version);
        return definition is null ? null : new ExportSubject(procedure, definition, null);
    }

    public async Task<string?> MappingJsonAsync(Guid procedureId, string name, CancellationToken ct) =>
        await db.ExportMappings.AsNoTracking().Where(m => m.ProcedureId == procedureId && m.Name == name).Select(m => m.Json).SingleOrDefaultAsync(ct);

    public async Task<ExportOutcome> WriteAsync(ExportSubject subject, ExportRequest request, CancellationToken ct)
    {
        Directory.CreateDirectory(TempFolder);
        var path = Path.Combine(TempFolder, Guid.NewGuid().ToString("N") + ".part");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            var stamp = clock.GetUtcNow().UtcDateTime.AddHours(9).ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            var baseName = $"{subject.Procedure.Slug}-{stamp}";
            ExportOutcome outcome;
            if (request.Files)
            {
                var (rows, _) = await WriteFilesAsync(subject, request.Filter, file, ct);
                outcome = new ExportOutcome(file, "application/zip", baseName + "-files.zip", rows, 0, [], 0);
            }
            else if (request.Format == ExportFormat.Jsonl)
            {
                long rows = 0;
                using (var writer = new JsonLinesWriter(file))
                {
                    await foreach (var batch in ExportReader.BatchesAsync(db, subject.Procedure.Id, request.Filter, ct: ct))
                    {
                        foreach (var row in batch)
                        {
                            writer.Write(row.Record);
                        }
                    }

                    rows = writer.Rows;
                }

                outcome = new ExportOutcome(file, "application/jsonl; charset=utf-8", baseName + ".jsonl", rows, 0, [], 0);
            }
            else
            {
                outcome = await WriteTablesAsync(subject, request, file, baseName, ct);
            }

            file.Position = 0;
            return outcome;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private async Task<ExportOutcome> WriteTablesAsync(ExportSubject subject, ExportRequest request, FileStream file, string baseName, CancellationToken ct)
    {
        var plan = ExportPlan.Create(subject.Definition, request.Options, subject.Mapping);
        var csv = request.Format is ExportFormat.Csv or ExportFormat.CsvBom or ExportFormat.Sjis;
        var zipped = csv && plan.Children.Count > 0;
        var replacement = request.Replacement ?? "?";
        ITableWriter writer = request.Format == ExportFormat.Xlsx ? new XlsxTableWriter(file)
            : zipped ? new CsvZipWriter(file, request.Format, replacement)
            : new CsvTableWriter(file, request.Format, replacement);
        long rows = 0;
        using (writer)
        {
            foreach (var table in plan.Tables)
            {
                writer.BeginTable(table);
                var buffer = new ExportCell[table.Headers.Count];
                await foreach (var batch in ExportReader.BatchesAsync(db, subject.Procedure.Id, request.Filter, ct: ct))
                {
                    foreach (var row in batch)
                    {
                        plan.Fill(table, row.Record, buffer, writer.WriteRow);
                        if (table == plan.Main)
                        {
                            rows++;
                        }
                    }
                }

                writer.EndTable();
            }

            writer.Complete();
        }

        var (unmappable, count) = writer switch
        {
            CsvTableWriter c => (c.Unmappable, c.UnmappableCount),
            CsvZipWriter z => (z.Unmappable, z.UnmappableCount),
            _ => ((IReadOnlyList<UnmappableCharacter>)[], 0L),
        };
        var replaced = request.Replacement is null ? 0 : count;
        if (request.Replacement is not null)
        {
            unmappable = [];
            count = 0;
        }

        var (type, name) = request.Format switch
        {
            ExportFormat.Xlsx => ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", baseName + ".xlsx"),
            _ when zipped => ("application/zip", baseName + "-csv.zip"),
            ExportFormat.Sjis => ("text/csv; charset=Shift_JIS", baseName + ".csv"),
            _ => ("text/csv; charset=utf-8", baseName + ".csv"),
        };
        return new ExportOutcome(file, type, name, rows, replaced, unmappable, count);
    }

    /// <summary>Attachments of the answers (not of message threads) as <c>receipt/field/name</c> entries; returns (applications, files).</summary>
    private async Task<(long Applications, long Files)> WriteFilesAsync(ExportSubject subject, ExportFilter filter, Stream output, CancellationToken ct)
    {
        long applications = 0, count = 0;
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await foreach (var batch in ExportReader.BatchesAsync(db, subject.Procedure.Id, filter, ct: ct))
        {
            applications += batch.Count;
            var ids = batch.Select(r => r.Id).ToList();
            var receipts = batch.ToDictionary(r => r.Id, r => r.Record.ReceiptNumber);
            var stored = await db.StoredFiles.AsNoTracking()
                .Where(f => f.ApplicationId != null && ids.Contains(f.ApplicationId.Value) && f.MessageId == null)
                .Select(f => new { ApplicationId = f.ApplicationId!.Value, f.FieldId, f.OriginalName, f.StorageKey, f.CreatedAt, f.Id })
                .ToListAsync(ct);
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var f in stored.OrderBy(f => receipts[f.ApplicationId], StringComparer.Ordinal).ThenBy(f => f.FieldId, StringComparer.Ordinal).ThenBy(f => f.CreatedAt).ThenBy(f => f.Id))
            {
                var entryName = UniqueName($"{EntryNames.Segment(receipts[f.ApplicationId])}/{EntryNames.Segment(f.FieldId)}/", EntryNames.Segment(f.OriginalName), used);
                await using var source = files.OpenRead(f.StorageKey);
                await using var entry = zip.CreateEntry(entryName, CompressionLevel.Fastest).Open();
                await source.CopyToAsync(entry, ct);
                count++;
            }
        }

        return (applications, count);
    }

    private static string UniqueName(string folder, string name, HashSet<string> used)
    {
        var candidate = folder + name;
        var stem = Path.GetFileNameWithoutExtension(name);
        var extension = Path.GetExtension(name);
        for (var n = 2; !used.Add(candidate); n++)
        {
            candidate = $"{folder}{stem} ({n}){extension}";
        }

        return candidate;
    }

    /// <summary>Audit: who exported which procedure, in what format, with which filters, and how many rows. No answers.</summary>
    public async Task AuditAsync(ExportSubject subject, ExportRequest request, string actor, long rows, long replaced)
    {
        var details = JsonSerializer.Serialize(new
        {
            slug = subject.Procedure.Slug,
            format = request.Files ? "files" : ExportFormats.Name(request.Format),
            repeats = request.Options.Repeats.ToString().ToLowerInvariant(),
            mapping = request.Mapping,
            status = request.Filter.Status?.ToString(),
            from = request.Filter.From,
            to = request.Filter.To,
            rows,
            replaced,
        });
        db.AuditRecords.Add(new AuditRecord
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = actor,
            Action = "procedure.exported",
            EntityType = "procedure",
            EntityId = subject.Procedure.Id.ToString(),
            Details = details,
        });
        await db.SaveChangesAsync(CancellationToken.None);
    }
}

/// <summary>ZIP entry names from stored names: no folders, no control or reserved characters, not empty, not too long.</summary>
public static class EntryNames
{
    private const string Reserved = "<>:\"/\\|?*";

    public static string Segment(string name)
    {
        var last = name.Replace('\\', '/').Split('/').LastOrDefault(s => s.Length > 0) ?? "";
        var text = new StringBuilder(last.Length);
        foreach (var c in last.Normalize(NormalizationForm.FormC))
        {
            text.Append(char.IsControl(c) || Reserved.Contains(c, StringComparison.Ordinal) ? '_' : c);
        }

        var clean = text.ToString().Trim().Trim('.').Trim();
        if (clean.Length > 150)
        {
            var extension = Path.GetExtension(clean);
            clean = clean[..(150 - Math.Min(extension.Length, 20))] + (extension.Length <= 20 ? extension : "");
        }

        return clean.Length == 0 ? "file" : clean;
    }
}
