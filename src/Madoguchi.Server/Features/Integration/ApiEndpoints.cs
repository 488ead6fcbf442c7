using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Answers;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Features.Applications;
using Madoguchi.Server.Features.Cases;
using Madoguchi.Server.Features.Portal;
using Madoguchi.Server.Features.Procedures;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Integration;

public sealed record ProcedureSummary(Guid Id, string Slug, string TitleJa, string? TitleEn, bool Published, int? PublishedVersion, int LatestVersion, DateTime UpdatedAt);

public sealed record ProcedureDetail(ProcedureSummary Summary, JsonElement Definition);

public sealed record PublishResponse(string Slug, int Version, DateTime PublishedAt);

/// <summary>
/// A command on a case (see docs/case-handling.md): <c>{"command": {"type": "approve", "comment": "…"}, "expectedVersion": 3}</c>.
/// With <c>expectedVersion</c> the command applies only to that version of the case (409 otherwise).
/// </summary>
public sealed record CaseActionRequest(JsonElement Command, int? ExpectedVersion);

/// <summary>One thing the ODK import could not carry over as it was, by sheet and row or by XForm element.</summary>
public sealed record OdkImportIssue(string Severity, string Code, string Ja, string En, string? Sheet, int? Row, string? Column, string? Element, int? Line, string? Text);

/// <summary>The procedure the ODK form became (as a draft) and everything the import reported.</summary>
public sealed record OdkImportResponse(ProcedureSummary Procedure, IReadOnlyList<OdkImportIssue> Issues);

/// <summary>Optional body of a publish: the changelog line kept with the new version.</summary>
public sealed record PublishRequest(string? Note);

public sealed record VersionSummary(int Number, DateTime PublishedAt, string PublishedBy, string? Note, bool Current);

public sealed record VersionChange(string Kind, string Element, string? Property, string? Before, string? After, string DescriptionJa, string DescriptionEn);

public sealed record VersionDiff(string Slug, int From, int To, IReadOnlyList<VersionChange> Changes);

/// <summary>受付期間 (instants with offset; null = open-ended) and the message shown outside it.</summary>
public sealed record ScheduleRequest(DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, string? ClosedMessageJa, string? ClosedMessageEn);

public sealed record ApplicationReceiptResponse(Guid Id, string ReceiptNumber, string AccessCode, DateTime SubmittedAt, string StatusUrl);

public sealed record ApplicationSummary(Guid Id, string ReceiptNumber, string ProcedureSlug, int ProcedureVersion, string Status, string Channel, string? ApplicantName, DateTime SubmittedAt);

public sealed record ApplicationFileResponse(Guid Id, string FieldId, string Name, string ContentType, long Length, string Sha256);

public sealed record ApplicationDetail(ApplicationSummary Summary, JsonElement Answers, IReadOnlyList<ApplicationFileResponse> Files);

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>REST API v1 for staff automation and partner systems; authenticated by API key (or staff cookie).</summary>
public static class ApiEndpoints
{
    private const long MaxSubmitBytes = 100L * 1024 * 1024;

    public static void MapApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.Api).DisableAntiforgery().WithTags("v1");
        api.MapGet("/procedures", ListProceduresAsync).WithName("ListProcedures");
        api.MapGet("/procedures/{slug}", GetProcedureAsync).WithName("GetProcedure");
        api.MapPost("/procedures", CreateProcedureAsync).WithName("CreateOrUpdateProcedure").Accepts<JsonElement>("application/json");
        api.MapPut("/procedures/{slug}", UpdateProcedureAsync).WithName("UpdateProcedure").Accepts<JsonElement>("application/json");
        api.MapPost("/procedures/{slug}/publish", PublishAsync).WithName("PublishProcedure");
        api.MapPost("/procedures/{slug}/unpublish", UnpublishAsync).WithName("UnpublishProcedure");
        api.MapPost("/procedures/import-odk", ImportOdkAsync).WithName("ImportOdkForm")
            .Accepts<byte[]>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/xml", "text/xml");
        api.MapGet("/procedures/{slug}/versions", ListVersionsAsync).WithName("ListProcedureVersions");
        api.MapGet("/procedures/{slug}/versions/{number:int}", GetVersionAsync).WithName("GetProcedureVersion");
        api.MapGet("/procedures/{slug}/diff", DiffAsync).WithName("DiffProcedureVersions");
        api.MapPost("/procedures/{slug}/versions/{number:int}/republish", RepublishAsync).WithName("RepublishProcedureVersion");
        api.MapPut("/procedures/{slug}/schedule", ScheduleAsync).WithName("ScheduleProcedure");
        api.MapPost("/procedures/{slug}/applications", SubmitAsync).WithName("SubmitApplication")
            .Accepts<JsonElement>("application/json")
            .WithMetadata(new RequestSizeLimitAttribute(MaxSubmitBytes), new Accounts.ApiKeyRecheckedOnWrite());
        api.MapGet("/applications", ListApplicationsAsync).WithName("ListApplications");
        api.MapGet("/applications/{id:guid}", GetApplicationAsync).WithName("GetApplication");
        api.MapGet("/applications/{id:guid}/case", GetCaseAsync).WithName("GetCase");
        api.MapPost("/applications/{id:guid}/actions", ActAsync).WithName("ActOnCase").Accepts<CaseActionRequest>("application/json");
    }

    internal static string Actor(ClaimsPrincipal user) =>
        user.FindFirstValue("madoguchi:actor") ?? "staff:" + user.FindFirstValue(ClaimTypes.NameIdentifier);

    private static async Task<Ok<List<ProcedureSummary>>> ListProceduresAsync(AppDbContext db, CancellationToken ct)
    {
        var list = await db.Procedures.AsNoTracking().OrderBy(p => p.Slug)
            .Select(p => new ProcedureSummary(p.Id, p.Slug, p.TitleJa, p.TitleEn, p.PublishedVersionId != null, p.PublishedVersion != null ? p.PublishedVersion.Number : null, p.LatestVersionNumber, p.UpdatedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<ProcedureDetail>, ProblemHttpResult>> GetProcedureAsync(string slug, AppDbContext db, CancellationToken ct)
    {
        var p = await db.Procedures.AsNoTracking().Include(x => x.PublishedVersion).SingleOrDefaultAsync(x => x.Slug == slug, ct);
        if (p is null)
        {
            return NotFound("procedure", slug);
        }

        using var doc = JsonDocument.Parse(p.DraftDefinitionJson);
        return TypedResults.Ok(new ProcedureDetail(Summary(p), doc.RootElement.Clone()));
    }

    private static Task<Results<Created<ProcedureSummary>, Ok<ProcedureSummary>, ProblemHttpResult>> CreateProcedureAsync(HttpRequest request, ProcedureCatalog catalog, ClaimsPrincipal user, CancellationToken ct) =>
        ImportAsync(request, catalog, user, null, ct);

    private static Task<Results<Created<ProcedureSummary>, Ok<ProcedureSummary>, ProblemHttpResult>> UpdateProcedureAsync(string slug, HttpRequest request, ProcedureCatalog catalog, ClaimsPrincipal user, CancellationToken ct) =>
        ImportAsync(request, catalog, user, slug, ct);

    private static async Task<Results<Created<ProcedureSummary>, Ok<ProcedureSummary>, ProblemHttpResult>> ImportAsync(HttpRequest request, ProcedureCatalog catalog, ClaimsPrincipal user, string? slug, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(ct);
        var result = await catalog.ImportAsync(json, Actor(user), slug, ct);
        if (result.Procedure is null)
        {
            return DefinitionProblems(result.Problems);
        }

        var summary = Summary(result.Procedure);
        return result.Created ? TypedResults.Created($"/api/v1/procedures/{summary.Slug}", summary) : TypedResults.Ok(summary);
    }

    /// <summary>
    /// XLSForm (.xlsx) or ODK XForm (XML) → a procedure draft. Constructs Madoguchi cannot express are reported by
    /// row or element, never dropped silently; the draft is saved only when the translated definition is valid.
    /// </summary>
    private static async Task<Results<Created<OdkImportResponse>, Ok<OdkImportResponse>, ProblemHttpResult>> ImportOdkAsync(
        HttpRequest request, string? department, string? slug, ProcedureCatalog catalog, ClaimsPrincipal user, CancellationToken ct)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        if (body.Length == 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "emptyBody", "XLSForm（.xlsx）かXForm（XML）を本文に入れてください。", "Send an XLSForm (.xlsx) or an XForm (XML) as the body.");
        }

        body.Position = 0;
        var isXlsx = body.Length > 4 && body.GetBuffer() is var bytes && bytes[0] == (byte)'P' && bytes[1] == (byte)'K';
        var options = new Madoguchi.Core.Import.ImportOptions(string.IsNullOrWhiteSpace(department) ? "未設定" : department.Trim(), slug) { DepartmentEn = string.IsNullOrWhiteSpace(department) ? "Not set" : null };
        var result = isXlsx ? Madoguchi.Core.Import.XlsFormImporter.Import(body, options) : Madoguchi.Core.Import.XFormImporter.Import(body, options);
        var issues = result.Issues.Select(i => new OdkImportIssue(i.Severity.ToString().ToLowerInvariant(), i.Code, i.MessageJa, i.MessageEn, i.Sheet, i.Row, i.Column, i.Element, i.Line, i.Text)).ToList();
        if (result.Definition is null)
        {
            var problem = Problem(StatusCodes.Status400BadRequest, "odkImportFailed", "フォームを読み取れませんでした。", "The form could not be read.");
            problem.ProblemDetails.Extensions["issues"] = issues;
            return problem;
        }

        var imported = await catalog.ImportAsync(ProcedureJson.Serialize(result.Definition), Actor(user), null, ct);
        if (imported.Procedure is null)
        {
            var problem = DefinitionProblems(imported.Problems);
            problem.ProblemDetails.Extensions["issues"] = issues;
            return problem;
        }

        var response = new OdkImportResponse(Summary(imported.Procedure), issues);
        return imported.Created ? TypedResults.Created($"/api/v1/procedures/{response.Procedure.Slug}", response) : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<Madoguchi.Core.Cases.CaseState>, ProblemHttpResult>> GetCaseAsync(Guid id, Features.Cases.CaseService cases, CancellationToken ct) =>
        await cases.LoadAsync(id, ct) is { } state ? TypedResults.Ok(state) : NotFound("application", id.ToString());

    private static async Task<Results<Ok<Madoguchi.Core.Cases.CaseState>, ProblemHttpResult>> ActAsync(
        Guid id, CaseActionRequest request, Features.Cases.CaseService cases, AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        Madoguchi.Core.Cases.CaseCommand? command;
        try
        {
            command = request.Command.Deserialize<Madoguchi.Core.Cases.CaseCommand>(Features.Cases.CaseService.Json);
        }
        catch (JsonException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "invalidCommand", $"command を読み取れません: {ex.Message}", $"The command could not be read: {ex.Message}");
        }
        catch (NotSupportedException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "invalidCommand", $"command の type が不明です: {ex.Message}", $"Unknown command type: {ex.Message}");
        }

        if (command is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "invalidCommand", "command を指定してください。", "Give a command.");
        }

        var actor = await Features.Staff.StaffDirectory.ActorAsync(db, user, ct);
        var result = await cases.ApplyAsync(id, command, actor, request.ExpectedVersion, ct);
        switch (result.Outcome)
        {
            case Features.Cases.CaseActionOutcome.Applied:
                return TypedResults.Ok(result.State!);
            case Features.Cases.CaseActionOutcome.NotFound:
                return NotFound("application", id.ToString());
            case Features.Cases.CaseActionOutcome.Conflict:
                var conflict = Problem(StatusCodes.Status409Conflict, "changedBySomeoneElse",
                    "この申請は他の職員が先に更新しました。最新の状態を確認してからやり直してください。",
                    "Someone else changed this application first. Check its current state and try again.");
                conflict.ProblemDetails.Extensions["current"] = result.State;
                return conflict;
            default:
                var refusal = result.Refusal!;
                var refused = Problem(StatusCodes.Status422UnprocessableEntity, refusal.Code, refusal.Message.Ja, refusal.Message.En ?? refusal.Message.Ja);
                refused.ProblemDetails.Extensions["current"] = result.State;
                return refused;
        }
    }

    private static async Task<Results<Ok<PublishResponse>, ProblemHttpResult>> PublishAsync(string slug, HttpContext http, ProcedureCatalog catalog, ClaimsPrincipal user, CancellationToken ct)
    {
        string? note = null;
        // The body is optional: an empty POST (with or without a Content-Type) publishes without a note.
        if (http.Request.ContentLength is > 0 || (http.Request.ContentLength is null && http.Request.Headers.TransferEncoding.Count > 0))
        {
            try
            {
                var request = await http.Request.ReadFromJsonAsync<PublishRequest>(ct);
                note = request?.Note;
            }
            catch (JsonException)
            {
                return Problem(StatusCodes.Status400BadRequest, "invalidJson", "本文は {\"note\": \"変更内容\"} の形のJSONにしてください。", "The body must be JSON like {\"note\": \"what changed\"}.");
            }
        }

        if (note is { Length: > 500 })
        {
            return Problem(StatusCodes.Status400BadRequest, "noteTooLong", "変更内容（note）は500文字以内にしてください。", "note must be at most 500 characters.");
        }

        var published = await catalog.PublishAsync(slug, Actor(user), note, ct);
        if (published.Refused is { } refused)
        {
            return Problem(StatusCodes.Status403Forbidden, "certificationRequired", refused.Ja, refused.En ?? refused.Ja);
        }

        var (version, problems) = published;
        if (version is null && problems.Count > 0)
        {
            return DefinitionProblems(problems); // a draft saved with problems (the designer allows that) is not published
        }

        return version is null ? NotFound("procedure", slug) : TypedResults.Ok(new PublishResponse(slug, version.Number, version.PublishedAt));
    }

    private static async Task<Results<Ok<IReadOnlyList<VersionSummary>>, ProblemHttpResult>> ListVersionsAsync(string slug, ProcedureCatalog catalog, AppDbContext db, CancellationToken ct)
    {
        var current = await db.Procedures.AsNoTracking().Where(p => p.Slug == slug).Select(p => new { p.PublishedVersionId }).SingleOrDefaultAsync(ct);
        if (current is null)
        {
            return NotFound("procedure", slug);
        }

        var versions = await catalog.VersionsAsync(slug, ct);
        return TypedResults.Ok<IReadOnlyList<VersionSummary>>(versions.Select(v => new VersionSummary(v.Number, v.PublishedAt, v.PublishedBy, v.ChangeNote, v.Id == current.PublishedVersionId)).ToList());
    }

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> GetVersionAsync(string slug, int number, ProcedureCatalog catalog, CancellationToken ct)
    {
        var version = (await catalog.VersionsAsync(slug, ct)).FirstOrDefault(v => v.Number == number);
        if (version is null)
        {
            return NotFound("version", $"{slug} v{number}");
        }

        using var doc = JsonDocument.Parse(version.DefinitionJson);
        return TypedResults.Ok(doc.RootElement.Clone());
    }

    private static async Task<Results<Ok<VersionDiff>, ProblemHttpResult>> DiffAsync(string slug, int from, int to, ProcedureCatalog catalog, DefinitionCache cache, CancellationToken ct)
    {
        var versions = await catalog.VersionsAsync(slug, ct);
        var a = versions.FirstOrDefault(v => v.Number == from);
        var b = versions.FirstOrDefault(v => v.Number == to);
        if (a is null || b is null)
        {
            return NotFound("version", $"{slug} v{(a is null ? from : to)}");
        }

        var changes = DefinitionDiff.Compare(cache.Get(a), cache.Get(b));
        return TypedResults.Ok(new VersionDiff(slug, from, to, changes.Select(c => new VersionChange(
            System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(c.Kind.ToString()), c.Element, c.Property, c.Before, c.After, c.Description.Ja, c.Description.En ?? c.Description.Ja)).ToList()));
    }

    private static async Task<Results<Ok<PublishResponse>, ProblemHttpResult>> RepublishAsync(string slug, int number, ProcedureCatalog catalog, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await catalog.PublishRefusalAsync(Actor(user), ct) is { } refused)
        {
            return Problem(StatusCodes.Status403Forbidden, "certificationRequired", refused.Ja, refused.En ?? refused.Ja);
        }

        var version = await catalog.RepublishAsync(slug, number, Actor(user), ct);
        return version is null ? NotFound("version", $"{slug} v{number}") : TypedResults.Ok(new PublishResponse(slug, version.Number, version.PublishedAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ScheduleAsync(string slug, ScheduleRequest request, ProcedureCatalog catalog, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.OpensAt is { } opens && request.ClosesAt is { } closes && closes <= opens)
        {
            return Problem(StatusCodes.Status400BadRequest, "closesBeforeOpens", "受付終了（closesAt）は受付開始（opensAt）より後にしてください。", "closesAt must be after opensAt.");
        }

        if (request.ClosedMessageJa is { Length: > 1000 } || request.ClosedMessageEn is { Length: > 1000 })
        {
            return Problem(StatusCodes.Status400BadRequest, "messageTooLong", "受付期間外のメッセージは1000文字以内にしてください。", "The closed message must be at most 1000 characters.");
        }

        var message = string.IsNullOrWhiteSpace(request.ClosedMessageJa) ? null : new LocalizedText(request.ClosedMessageJa.Trim(), string.IsNullOrWhiteSpace(request.ClosedMessageEn) ? null : request.ClosedMessageEn.Trim());
        var schedule = new ProcedureSchedule(request.OpensAt?.UtcDateTime, request.ClosesAt?.UtcDateTime, message);
        return await catalog.ScheduleAsync(slug, schedule, Actor(user), ct) is null ? NotFound("procedure", slug) : TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnpublishAsync(string slug, ProcedureCatalog catalog, ClaimsPrincipal user, CancellationToken ct) =>
        await catalog.UnpublishAsync(slug, Actor(user), ct) ? TypedResults.NoContent() : NotFound("procedure", slug);

    private static async Task<Results<Created<ApplicationReceiptResponse>, Ok<ApplicationReceiptResponse>, ProblemHttpResult>> SubmitAsync(
        string slug,
        HttpContext http,
        PublishedProcedures published,
        SubmitApplicationHandler handler,
        FileStore store,
        TimeProvider clock,
        TenantScope tenant,
        CancellationToken ct)
    {
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length is 0 or > 200)
        {
            return Problem(StatusCodes.Status400BadRequest, "idempotencyKeyRequired",
                "Idempotency-Key ヘッダー (1〜200文字) が必要です。", "The Idempotency-Key header (1–200 characters) is required.");
        }

        var procedure = await published.FindAsync(slug, ct);
        if (procedure is null)
        {
            return NotFound("procedure", slug);
        }

        if (!procedure.Schedule.IsOpenAt(clock.GetUtcNow().UtcDateTime))
        {
            var closedJa = procedure.Schedule.ClosedMessage?.Ja ?? "この手続は受付期間外です。";
            var closedEn = procedure.Schedule.ClosedMessage?.En ?? "This procedure is outside its application period.";
            return Problem(StatusCodes.Status409Conflict, "procedureClosed", closedJa, closedEn);
        }

        // sealPolicy identity: an API key is a system, not an applicant whose identity a provider verified.
        if (procedure.Definition.SealPolicy == SealPolicy.Identity)
        {
            return Problem(StatusCodes.Status403Forbidden, "identityRequired",
                "この手続は本人確認済みの申請者のログインが必要なため、APIからは申請できません。申請者が窓口（ポータル）からログインして申請します。",
                "This procedure needs an applicant signed in with an identity-verified account, so it cannot be submitted through the API; the applicant applies on the portal.");
        }

        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, ct);
        var bytes = body.GetBuffer().AsMemory(0, (int)body.Length);
        var requestHash = Secrets.Sha256Hex(bytes.Span);
        // A read-only document, not a DOM: large forms are read once, straight into the validator's strings.
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "malformedJson",
                $"JSON を読めません (行 {ex.LineNumber + 1}, 位置 {ex.BytePositionInLine + 1})。", $"The body is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}).");
        }

        using var _ = document;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("answers", out var answersIn) || answersIn.ValueKind != JsonValueKind.Object)
        {
            return Problem(StatusCodes.Status400BadRequest, "answersRequired",
                "本文は { \"answers\": { ... } } の形の JSON オブジェクトにしてください。", "The body must be a JSON object of the form { \"answers\": { ... } }.");
        }

        var language = "ja";
        if (root.TryGetProperty("language", out var languageIn))
        {
            if (languageIn.ValueKind != JsonValueKind.String || languageIn.GetString() is not ("ja" or "en"))
            {
                return Problem(StatusCodes.Status400BadRequest, "invalidLanguage",
                    "language は \"ja\" か \"en\" にしてください（申請者へのお知らせの言語）。", "language must be \"ja\" or \"en\" (the language of the applicant's notifications).");
            }

            language = languageIn.GetString()!;
        }

        // sealPolicy declaration: the calling system confirms that the applicant made the declaration.
        string? declared = null;
        if (procedure.Definition.SealPolicy == SealPolicy.Declaration)
        {
            if (!root.TryGetProperty("declared", out var declaredIn) || declaredIn.ValueKind != JsonValueKind.True)
            {
                var text = SealPolicies.DeclarationOf(procedure.Definition);
                return Problem(StatusCodes.Status422UnprocessableEntity, "declarationRequired",
                    $"この手続は申請者の宣誓が必要です。申請者が「{text.Ja}」に同意したことを \"declared\": true で送ってください。",
                    $"This procedure needs the applicant's declaration; send \"declared\": true once the applicant has agreed to \"{text.For("en")}\".");
            }

            declared = SealPolicies.DeclarationOf(procedure.Definition).For(language);
        }

        var definition = procedure.Definition;
        var shapeErrors = new List<FieldError>();
        var raw = AnswerFlattener.ToRaw(definition, answersIn, shapeErrors);
        var incoming = ReadFiles(definition, root.TryGetProperty("files", out var filesIn) ? filesIn : default, shapeErrors);
        if (shapeErrors.Count > 0)
        {
            return ValidationProblem(shapeErrors);
        }

        var validation = AnswerValidator.Validate(definition, raw, incoming.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<UploadedFileInfo>)kv.Value.Select(f => f.Info).ToList()), JapanTime.Today(clock));
        if (!validation.IsValid)
        {
            return ValidationProblem(validation.Errors);
        }

        var newFiles = new List<StoredFile>();
        foreach (var (fieldId, files) in incoming.Where(kv => !validation.HiddenFields.Contains(kv.Key)))
        {
            var field = definition.FindField(fieldId)!;
            var (stored, errors) = await UploadIntake.StoreAsync(field, tenant.TenantId!.Value, [], files.Select(f => new UploadIntake.Incoming(f.Info.FileName, f.Info.DeclaredContentType, () => new MemoryStream(f.Bytes, writable: false))).ToList(), store, clock, ct);
            if (errors.Count > 0)
            {
                foreach (var s in newFiles)
                {
                    store.Delete(s.StorageKey);
                }

                return ValidationProblem(errors);
            }

            newFiles.AddRange(stored);
        }

        var answers = validation.Answers;
        PortalContext.AddFileAnswers(definition, answers, newFiles);
        SubmitOutcome outcome;
        SubmitReceipt? receipt;
        try
        {
            (outcome, receipt) = await handler.SubmitAsync(new SubmitCommand(
                procedure, answers, PortalContext.ApplicantName(definition, answers), newFiles, [], IntakeChannel.Api,
                Actor(http.User), "api:" + slug, key, requestHash, null, language)
            {
                DeclarationText = declared,
                RecheckApiKeyId = Guid.TryParse(http.User.FindFirstValue(Accounts.ApiKeyAuthenticationHandler.RecheckClaim), out var keyId) ? keyId : null,
            }, ct);
        }
        catch (ApiKeyRevokedException)
        {
            return Problem(StatusCodes.Status401Unauthorized, "apiKeyRevoked",
                "この API キーは無効になっています。", "This API key has been revoked.");
        }

        if (outcome == SubmitOutcome.IdempotencyKeyReused)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, "idempotencyKeyReused",
                "この Idempotency-Key は別の内容の申請で使われています。", "This Idempotency-Key was already used for a different request.");
        }

        var response = new ApplicationReceiptResponse(receipt!.ApplicationId, receipt.ReceiptNumber, receipt.AccessCode, receipt.SubmittedAt,
            $"/status?receipt={Uri.EscapeDataString(receipt.ReceiptNumber)}");
        if (outcome == SubmitOutcome.Replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return TypedResults.Ok(response);
        }

        return TypedResults.Created($"/api/v1/applications/{receipt.ApplicationId}", response);
    }

    private static async Task<Results<Ok<PagedResult<ApplicationSummary>>, ProblemHttpResult>> ListApplicationsAsync(
        AppDbContext db, string? procedure, string? status, DateTime? from, DateTime? to, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var filter = new InboxFilter(procedure, status, from, to, q, page ?? 1, Math.Clamp(pageSize ?? 50, 1, 200), "submitted", true);
        if (!filter.IsValid(out var error))
        {
            return Problem(StatusCodes.Status400BadRequest, "invalidFilter", error.Ja, error.En ?? error.Ja);
        }

        var (items, total) = await InboxQuery.RunAsync(db, filter, ct);
        return TypedResults.Ok(new PagedResult<ApplicationSummary>(items, filter.Page, filter.PageSize, total));
    }

    private static async Task<Results<Ok<ApplicationDetail>, ProblemHttpResult>> GetApplicationAsync(Guid id, AppDbContext db, CancellationToken ct)
    {
        var a = await db.Applications.AsNoTracking().Include(x => x.ProcedureVersion).Include(x => x.Files).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (a is null)
        {
            return NotFound("application", id.ToString());
        }

        var slug = await db.Procedures.Where(p => p.Id == a.ProcedureId).Select(p => p.Slug).SingleAsync(ct);
        using var doc = JsonDocument.Parse(a.AnswersJson);
        return TypedResults.Ok(new ApplicationDetail(
            new ApplicationSummary(a.Id, a.ReceiptNumber, slug, a.ProcedureVersion!.Number, a.Status.ToString(), a.Channel.ToString(), a.ApplicantName, a.SubmittedAt),
            doc.RootElement.Clone(),
            a.Files.Select(f => new ApplicationFileResponse(f.Id, f.FieldId, f.OriginalName, f.ContentType, f.Length, f.Sha256)).ToList()));
    }

    private static ProcedureSummary Summary(Procedure p) =>
        new(p.Id, p.Slug, p.TitleJa, p.TitleEn, p.PublishedVersionId != null, p.PublishedVersion?.Number, p.LatestVersionNumber, p.UpdatedAt);

    /// <summary>JSON answers become the same raw strings a form post would carry, so one validator serves both.</summary>
    private sealed record IncomingFile(UploadedFileInfo Info, byte[] Bytes);

    private static Dictionary<string, List<IncomingFile>> ReadFiles(ProcedureDefinition definition, JsonElement files, List<FieldError> errors)
    {
        var result = new Dictionary<string, List<IncomingFile>>(StringComparer.Ordinal);
        if (files.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return result;
        }

        if (files.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError("files", "invalidShape", new LocalizedText("files はオブジェクトにしてください。", "\"files\" must be an object.")));
            return result;
        }

        foreach (var property in files.EnumerateObject())
        {
            var id = property.Name;
            if (definition.FindField(id) is not { Type: FieldType.File })
            {
                errors.Add(new FieldError(id, "unknownField", new LocalizedText($"files.{id}: この手続にこのファイル項目はありません。", $"files.{id}: this procedure has no such file field.")));
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new FieldError(id, "invalidShape", new LocalizedText($"files.{id}: ファイルの配列にしてください。", $"files.{id}: give an array of files.")));
                continue;
            }

            var list = new List<IncomingFile>();
            foreach (var item in property.Value.EnumerateArray())
            {
                var name = Text(item, "name") ?? "";
                var type = Text(item, "contentType");
                byte[] bytes;
                try
                {
                    bytes = Convert.FromBase64String(Text(item, "contentBase64") ?? throw new FormatException());
                }
                catch (FormatException)
                {
                    errors.Add(new FieldError(id, "invalidBase64", new LocalizedText($"files.{id}: contentBase64 が Base64 ではありません。", $"files.{id}: contentBase64 is not valid Base64.")));
                    continue;
                }

                var safeName = UploadIntake.SafeName(name);
                list.Add(new IncomingFile(new UploadedFileInfo(safeName, bytes.Length, type, FileSniffer.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, FileSniffer.HeadLength)), safeName)), bytes));
            }

            result[id] = list;
        }

        return result;
    }

    private static string? Text(JsonElement item, string property) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static ProblemHttpResult ValidationProblem(IReadOnlyList<FieldError> errors)
    {
        var english = UiText.CurrentLanguage == "en";
        var problem = new HttpValidationProblemDetails(errors.GroupBy(e => "answers." + e.FieldId).ToDictionary(g => g.Key, g => g.Select(e => english ? e.Message.En ?? e.Message.Ja : e.Message.Ja).ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = english ? "The application has errors." : "申請内容に誤りがあります。",
            Type = "https://madoguchi.example/problems/validation",
        };
        problem.Extensions["problems"] = errors.Select(e => new { path = "answers." + e.FieldId, code = e.Code, ja = e.Message.Ja, en = e.Message.En }).ToList();
        return TypedResults.Problem(problem);
    }

    internal static ProblemHttpResult DefinitionProblems(IReadOnlyList<DefinitionProblem> problems)
    {
        var english = UiText.CurrentLanguage == "en";
        var details = new HttpValidationProblemDetails(problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => g.Select(p => english ? p.Message.En ?? p.Message.Ja : p.Message.Ja).ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = english ? "The procedure definition has problems; nothing was saved." : "手続定義に問題があるため保存しませんでした。",
            Type = "https://madoguchi.example/problems/definition",
        };
        details.Extensions["problems"] = problems.Select(p => new { path = p.Path, code = p.Code, ja = p.Message.Ja, en = p.Message.En }).ToList();
        return TypedResults.Problem(details);
    }

    internal static ProblemHttpResult NotFound(string what, string id) =>
        Problem(StatusCodes.Status404NotFound, "notFound", $"{what} '{id}' は見つかりません。", $"{what} '{id}' was not found.");

    internal static ProblemHttpResult Problem(int status, string code, string ja, string en)
    {
        var english = UiText.CurrentLanguage == "en";
        var details = new ProblemDetails
        {
            Status = status,
            Title = english ? en : ja,
            Type = "https://madoguchi.example/problems/" + code,
        };
        details.Extensions["code"] = code;
        details.Extensions["ja"] = ja;
        details.Extensions["en"] = en;
        return TypedResults.Problem(details);
    }
}
