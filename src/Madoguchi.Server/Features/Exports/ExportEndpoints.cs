using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using Madoguchi.Core.Exports;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Features.Integration;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Exports;

public sealed record ExportMappingSummary(string Name, DateTime UpdatedAt, string UpdatedBy);

/// <summary>
/// <c>GET /api/v1/procedures/{slug}/export</c> (API key or signed-in staff of the tenant) and the named column
/// mappings it can use. See docs/exports.md.
/// </summary>
public static partial class ExportEndpoints
{
    public static void AddExports(this WebApplicationBuilder builder) => builder.Services.AddScoped<ExportService>();

    public static void MapExports(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.Api).DisableAntiforgery().WithTags("v1");
        api.MapGet("/procedures/{slug}/export", ExportAsync).WithName("ExportApplications")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/procedures/{slug}/export-mappings", ListMappingsAsync).WithName("ListExportMappings");
        api.MapPut("/procedures/{slug}/export-mappings/{name}", PutMappingAsync).WithName("PutExportMapping").Accepts<ExportMapping>("application/json");
        api.MapDelete("/procedures/{slug}/export-mappings/{name}", DeleteMappingAsync).WithName("DeleteExportMapping");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex MappingName();

    private static async Task<IResult> ExportAsync(
        string slug, string? format, string? mapping, string? repeats, string? choices, string? dates, string? status, DateTime? from, DateTime? to, string? replacement,
        ExportService exports, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var files = string.Equals(format, "files", StringComparison.OrdinalIgnoreCase);
        var parsedFormat = ExportFormat.Csv;
        if (!files && !ExportFormats.TryParse(format, out parsedFormat))
        {
            return ApiEndpoints.Problem(400, "invalidFormat", $"format「{format}」は使えません（csv, csv-bom, sjis, xlsx, jsonl, files）。", $"format \"{format}\" is not one of csv, csv-bom, sjis, xlsx, jsonl, files.");
        }

        RepeatMode repeatMode;
        switch (repeats)
        {
            case null or "" or "flatten":
                repeatMode = RepeatMode.Flatten;
                break;
            case "child":
                repeatMode = RepeatMode.Child;
                break;
            default:
                return ApiEndpoints.Problem(400, "invalidRepeats", "repeats は flatten か child です。", "repeats must be flatten or child.");
        }

        ChoiceOutput choiceOutput;
        switch (choices)
        {
            case null or "" or "value":
                choiceOutput = ChoiceOutput.Value;
                break;
            case "label":
                choiceOutput = ChoiceOutput.Label;
                break;
            case "both":
                choiceOutput = ChoiceOutput.Both;
                break;
            default:
                return ApiEndpoints.Problem(400, "invalidChoices", "choices は value・label・both のいずれかです。", "choices must be value, label or both.");
        }

        var dateFormat = string.IsNullOrEmpty(dates) ? ExportDateFormat.Iso : ExportPlan.ParseDateFormat(dates);
        if (dateFormat is null)
        {
            return ApiEndpoints.Problem(400, "invalidDates", "dates は iso・wareki・yyyymmdd のいずれかです。", "dates must be iso, wareki or yyyymmdd.");
        }

        ApplicationStatus? statusFilter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<ApplicationStatus>(status, ignoreCase: true, out var s) || int.TryParse(status, out _))
            {
                return ApiEndpoints.Problem(400, "invalidFilter", $"status「{status}」は使えません（{string.Join(", ", Enum.GetNames<ApplicationStatus>())}）。", $"status \"{status}\" is not one of {string.Join(", ", Enum.GetNames<ApplicationStatus>())}.");
            }

            statusFilter = s;
        }

        if (from is { } f && to is { } t && f > t)
        {
            return ApiEndpoints.Problem(400, "invalidFilter", "from は to 以前の日時にしてください。", "from must not be after to.");
        }

        if (replacement is not null && (replacement.Length is 0 or > 4 || !Cp932.CanHold(replacement)))
        {
            return ApiEndpoints.Problem(400, "invalidReplacement", "replacement はShift_JIS（CP932）で書ける1〜4文字にしてください（例: 〓）。", "replacement must be 1–4 characters that CP932 can hold (e.g. 〓).");
        }

        var subject = await exports.FindAsync(slug, ct);
        if (subject is null)
        {
            return ApiEndpoints.Problem(404, "notFound", $"手続「{slug}」は見つかりません。", $"procedure \"{slug}\" was not found.");
        }

        if (!string.IsNullOrEmpty(mapping))
        {
            var json = await exports.MappingJsonAsync(subject.Procedure.Id, mapping, ct);
            if (json is null)
            {
                return ApiEndpoints.Problem(404, "notFound", $"出力レイアウト「{mapping}」は見つかりません。", $"export mapping \"{mapping}\" was not found.");
            }

            var (parsed, problems) = ExportMappingParser.Parse(json, subject.Definition);
            if (parsed is null)
            {
                return MappingProblems(problems);
            }

            subject = subject with { Mapping = parsed };
        }

        var request = new ExportRequest(parsedFormat, files, new ExportOptions { Repeats = repeatMode, Choices = choiceOutput, DateFormat = dateFormat.Value }, mapping,
            new ExportFilter(statusFilter, from?.ToUniversalTime(), to?.ToUniversalTime()), replacement);
        var outcome = await exports.WriteAsync(subject, request, ct);
        if (outcome.UnmappableCount > 0)
        {
            await outcome.Content!.DisposeAsync();
            var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = UiText.CurrentLanguage == "en"
                    ? $"{outcome.UnmappableCount} characters cannot be written in Shift_JIS (CP932). Fix them, export in UTF-8, or choose a replacement (replacement=〓)."
                    : $"Shift_JIS（CP932）で書けない文字が {outcome.UnmappableCount} 個あります。直すか、UTF-8で出力するか、置き換える文字を指定してください（replacement=〓）。",
                Type = "https://madoguchi.example/problems/unmappable",
            };
            problem.Extensions["code"] = "unmappable";
            problem.Extensions["count"] = outcome.UnmappableCount;
            problem.Extensions["unmappable"] = outcome.Unmappable;
            return TypedResults.Problem(problem);
        }

        await exports.AuditAsync(subject, request, ApiEndpoints.Actor(user), outcome.Rows, outcome.Replaced);
        http.Response.Headers["X-Export-Rows"] = outcome.Rows.ToString(CultureInfo.InvariantCulture);
        if (outcome.Replaced > 0)
        {
            http.Response.Headers["X-Export-Replaced"] = outcome.Replaced.ToString(CultureInfo.InvariantCulture);
        }

        return Results.Stream(outcome.Content!, outcome.ContentType, outcome.FileName);
    }

    private static ProblemHttpResult MappingProblems(IReadOnlyList<MappingProblem> problems)
    {
        var english = UiText.CurrentLanguage == "en";
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = english ? "The export mapping has problems." : "出力レイアウトに誤りがあります。",
            Type = "https://madoguchi.example/problems/invalidMapping",
        };
        details.Extensions["code"] = "invalidMapping";
        details.Extensions["problems"] = problems.Select(p => new { path = p.Path, ja = p.Message.Ja, en = p.Message.En }).ToList();
        return TypedResults.Problem(details);
    }

    private static async Task<IResult> ListMappingsAsync(string slug, AppDbContext db, CancellationToken ct)
    {
        var procedureId = await db.Procedures.Where(p => p.Slug == slug).Select(p => (Guid?)p.Id).SingleOrDefaultAsync(ct);
        if (procedureId is null)
        {
            return ApiEndpoints.Problem(404, "notFound", $"手続「{slug}」は見つかりません。", $"procedure \"{slug}\" was not found.");
        }

        var list = await db.ExportMappings.AsNoTracking().Where(m => m.ProcedureId == procedureId).OrderBy(m => m.Name)
            .Select(m => new ExportMappingSummary(m.Name, m.UpdatedAt, m.UpdatedBy)).ToListAsync(ct);
        return TypedResults.Ok(list);
    }

    private static async Task<IResult> PutMappingAsync(string slug, string name, HttpRequest request, ExportService exports, AppDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        if (!MappingName().IsMatch(name))
        {
            return ApiEndpoints.Problem(400, "invalidName", "名前は英小文字・数字・ハイフン（64文字まで）にしてください。", "the name must be lower-case letters, digits and hyphens (at most 64).");
        }

        var subject = await exports.FindAsync(slug, ct);
        if (subject is null)
        {
            return ApiEndpoints.Problem(404, "notFound", $"手続「{slug}」は見つかりません。", $"procedure \"{slug}\" was not found.");
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var json = await reader.ReadToEndAsync(ct);
        var (mapping, problems) = ExportMappingParser.Parse(json, subject.Definition);
        if (mapping is null)
        {
            return MappingProblems(problems);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var actor = ApiEndpoints.Actor(user);
        var row = await db.ExportMappings.SingleOrDefaultAsync(m => m.ProcedureId == subject.Procedure.Id && m.Name == name, ct);
        var created = row is null;
        if (row is null)
        {
            row = new ExportMappingDocument { Id = Guid.NewGuid(), ProcedureId = subject.Procedure.Id, Name = name };
            db.ExportMappings.Add(row);
        }

        row.Json = json;
        row.UpdatedAt = now;
        row.UpdatedBy = actor;
        db.AuditRecords.Add(new AuditRecord
        {
            At = now,
            Actor = actor,
            Action = "exportMapping.saved",
            EntityType = "procedure",
            EntityId = subject.Procedure.Id.ToString(),
            Details = System.Text.Json.JsonSerializer.Serialize(new { slug, name }),
        });
        await db.SaveChangesAsync(ct);
        var summary = new ExportMappingSummary(name, now, actor);
        return created ? TypedResults.Created($"/api/v1/procedures/{slug}/export-mappings", summary) : TypedResults.Ok(summary);
    }

    private static async Task<IResult> DeleteMappingAsync(string slug, string name, AppDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var procedureId = await db.Procedures.Where(p => p.Slug == slug).Select(p => (Guid?)p.Id).SingleOrDefaultAsync(ct);
        var row = procedureId is null ? null : await db.ExportMappings.SingleOrDefaultAsync(m => m.ProcedureId == procedureId && m.Name == name, ct);
        if (row is null)
        {
            return ApiEndpoints.Problem(404, "notFound", $"出力レイアウト「{name}」は見つかりません。", $"export mapping \"{name}\" was not found.");
        }

        db.ExportMappings.Remove(row);
        db.AuditRecords.Add(new AuditRecord
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = ApiEndpoints.Actor(user),
            Action = "exportMapping.removed",
            EntityType = "procedure",
            EntityId = procedureId!.Value.ToString(),
            Details = System.Text.Json.JsonSerializer.Serialize(new { slug, name }),
        });
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}

/// <summary>Whether text survives CP932 both ways (the replacement of a lenient Shift_JIS export must).</summary>
internal static class Cp932
{
    private static readonly Encoding Strict = CodePagesEncodingProvider.Instance.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)!;

    public static bool CanHold(string text)
    {
        try
        {
            return Strict.GetString(Strict.GetBytes(text)) == text;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
