using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Answers;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Applications;
using Madoguchi.Server.Features.Procedures;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Server.Features.Portal;

public sealed record DraftState(
    Draft Draft,
    PublishedProcedure Procedure,
    ProcedureDefinition Definition,
    Dictionary<string, List<string>> Values,
    List<StoredFile> Files,
    string BaseUrl)
{
    /// <summary>Set when the draft corrects an application (補正); see <see cref="CorrectionContext"/>.</summary>
    public CorrectionContext? Correction { get; init; }
}

/// <summary>
/// What a correction draft needs besides its values: the application as it stands, the open correction request
/// (null when the case is no longer waiting for the applicant), whether every answer may change, and the files
/// already submitted (kept for a file field unless the applicant uploads replacements).
/// </summary>
public sealed record CorrectionContext(
    Application Application,
    Madoguchi.Core.Cases.CorrectionRequest? Request,
    Madoguchi.Core.Cases.CorrectionEdits Edits,
    JsonObject OriginalAnswers,
    IReadOnlyList<StoredFile> OriginalFiles)
{
    public bool IsOpen => Request is not null;

    /// <summary>The submitted files a file field keeps when nothing new is uploaded for it.</summary>
    public IReadOnlyList<StoredFile> OriginalFilesOf(string fieldId)
    {
        var ids = OriginalAnswers[fieldId] is JsonArray array ? array.Select(n => (string?)n).ToHashSet(StringComparer.Ordinal) : [];
        return [.. OriginalFiles.Where(f => f.FieldId == fieldId && ids.Contains(f.Id.ToString()))];
    }
}

/// <summary>Per-request helpers shared by the portal endpoints: tenant entry, drafts, validation and rendering.</summary>
public sealed class PortalContext(
    IHttpContextAccessor accessor,
    AppDbContext db,
    TenantScope scope,
    TenantDirectory tenants,
    DefinitionCache definitions,
    PublishedProcedures published,
    IAntiforgery antiforgery,
    FileStore files,
    UiText ui,
    TimeProvider clock,
    IOptions<MadoguchiOptions> options,
    PostalDirectory postal,
    Features.Cases.CaseService cases)
{
    public const long MaxRequestBytes = 120L * 1024 * 1024;
    private TenantInfo? _tenant;

    public AppDbContext Db => db;
    public DefinitionCache Definitions => definitions;
    public UiText Ui => ui;
    public TimeProvider Clock => clock;
    public MadoguchiOptions Options => options.Value;
    public HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("No HTTP context.");

    public async Task<bool> EnterAsync(string tenantSlug, CancellationToken ct)
    {
        _tenant = await tenants.FindAsync(tenantSlug, ct);
        if (_tenant is null)
        {
            return false;
        }

        scope.Set(_tenant.Id);
        return true;
    }

    public PortalChrome Chrome() =>
        new(_tenant ?? new TenantInfo(Guid.Empty, options.Value.DefaultTenant, "窓口", "Madoguchi"), UiText.CurrentLanguage, Http.Request.Path, antiforgery.GetAndStoreTokens(Http));

    public RazorComponentResult Page<TComponent>(object parameters, int status = StatusCodes.Status200OK)
        where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        new RazorComponentResult<TComponent>(parameters) { StatusCode = status };

    public IResult NotFound() =>
        Page<MessagePage>(new { Chrome = Chrome(), Heading = ui.Get("portal.notFoundTitle"), Message = ui.Get("portal.notFoundText") }, StatusCodes.Status404NotFound);

    public IResult DraftNotFound() =>
        Page<MessagePage>(new { Chrome = Chrome(), Heading = ui.Get("portal.draftNotFoundTitle"), Message = ui.Get("portal.draftNotFoundText") }, StatusCodes.Status404NotFound);

    public async Task<IResult?> RejectForgeryAsync()
    {
        try
        {
            await antiforgery.ValidateRequestAsync(Http);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return Page<MessagePage>(new { Chrome = Chrome(), Heading = ui.Get("portal.forgeryTitle"), Message = ui.Get("portal.forgeryText") }, StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>A 409 page with the procedure's own message when now is outside its 受付期間; null while open.</summary>
    public IResult? Closed(ProcedureSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var now = clock.GetUtcNow().UtcDateTime;
        if (schedule.IsOpenAt(now))
        {
            return null;
        }

        var chrome = Chrome();
        var message = ClosedText(schedule, now, chrome.Language);
        return Page<MessagePage>(new { Chrome = chrome, Heading = ui.Get("portal.closedTitle"), Message = message }, StatusCodes.Status409Conflict);
    }

    /// <summary>The applicant-facing sentence for a closed period: the procedure's own message, else the dates.</summary>
    public string ClosedText(ProcedureSchedule schedule, DateTime now, string language)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (schedule.ClosedMessage is { } own)
        {
            return own.For(language);
        }

        return schedule.NotYetOpenAt(now)
            ? ui.Format("portal.notYetOpen", JapanTime.Format(schedule.OpensAt!.Value))
            : ui.Format("portal.closedSince", JapanTime.Format(schedule.ClosesAt!.Value));
    }

    public async Task<PublishedProcedure?> FindPublishedAsync(string tenantSlug, string slug, CancellationToken ct) =>
        await EnterAsync(tenantSlug, ct) ? await published.FindAsync(slug, ct) : null;

    public async Task<DraftState?> LoadDraftAsync(string tenantSlug, string slug, string token, CancellationToken ct)
    {
        if (!await EnterAsync(tenantSlug, ct) || token.Length is < 20 or > 100)
        {
            return null;
        }

        var hash = Secrets.Sha256Hex(token);
        var draft = await db.Drafts.SingleOrDefaultAsync(d => d.ResumeTokenHash == hash, ct);
        if (draft is null || (draft.ExpiresAt < clock.GetUtcNow().UtcDateTime && draft.ApplicationId is null))
        {
            return null;
        }

        var procedure = await published.FindVersionAsync(draft.ProcedureId, draft.ProcedureVersionId, ct);
        if (procedure is null || procedure.Slug != slug)
        {
            return null;
        }

        var values = JsonSerializer.Deserialize<Dictionary<string, List<string>>>(draft.ValuesJson) ?? [];
        var draftFiles = await db.StoredFiles.Where(f => f.DraftId == draft.Id).OrderBy(f => f.CreatedAt).ToListAsync(ct);
        var correction = draft.CorrectionOf is { } correctionOf ? await LoadCorrectionAsync(correctionOf, procedure.Definition, ct) : null;
        if (draft.CorrectionOf is not null && correction is null)
        {
            return null;
        }

        return new DraftState(draft, procedure, procedure.Definition, values, draftFiles, $"/p/{tenantSlug}/{slug}/d/{token}") { Correction = correction };
    }

    private async Task<CorrectionContext?> LoadCorrectionAsync(Guid applicationId, ProcedureDefinition definition, CancellationToken ct)
    {
        var application = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == applicationId, ct);
        if (application is null)
        {
            return null;
        }

        var state = await cases.LoadAsync(applicationId, ct);
        var request = state is { Status: Madoguchi.Core.Cases.CaseStatus.CorrectionRequested, Correction: { } open } ? open : null;
        var originals = await db.StoredFiles.AsNoTracking().Where(f => f.ApplicationId == applicationId).ToListAsync(ct);
        return new CorrectionContext(
            application,
            request,
            Madoguchi.Core.Cases.RouteDefinition.Of(definition).EffectiveCorrectionEdits,
            JsonNode.Parse(application.AnswersJson) as JsonObject ?? [],
            originals);
    }

    /// <summary>
    /// The top-level fields the applicant may change; null when every field may (a new application, or a correction of
    /// a procedure with <c>correctionEdits: "all"</c>). Otherwise: the fields the reviewer commented on, and any the
    /// answers as they stand leave in error (a newly required answer must be fillable).
    /// </summary>
    public IReadOnlySet<string>? EditableFields(DraftState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Correction is not { } correction || correction.Edits == Madoguchi.Core.Cases.CorrectionEdits.All)
        {
            return null;
        }

        var editable = ValidateAll(state).Errors.Select(e => AnswerValidator.TopLevelId(e.FieldId)).ToHashSet(StringComparer.Ordinal);
        editable.UnionWith(correction.Request?.Fields.Select(f => f.FieldId) ?? []);
        return editable;
    }

    /// <summary>The correction as the form shows it, or null for a new application.</summary>
    public CorrectionView? CorrectionView(DraftState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Correction is not { Request: { } request } correction)
        {
            return null;
        }

        var editable = EditableFields(state);
        var locked = state.Definition.InputFields.Where(f => editable is not null && !editable.Contains(f.Id)).Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var comments = request.Fields.GroupBy(f => f.FieldId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => string.Join("\n", g.Select(c => c.Comment)), StringComparer.Ordinal);
        var fileNames = state.Definition.InputFields.Where(f => f.Type == FieldType.File)
            .ToDictionary(f => f.Id, f => (IReadOnlyList<string>)[.. correction.OriginalFilesOf(f.Id).Select(x => x.OriginalName)], StringComparer.Ordinal);
        return new CorrectionView(request.Message, comments, request.ReplyBy, locked.Contains, fileNames);
    }

    /// <summary>
    /// A draft that can still be edited: a missing or expired one answers "not found", a submitted one goes to its
    /// receipt page (so Back and a second click never make a second application).
    /// </summary>
    public async Task<(DraftState State, IResult? Stop)> LoadOpenDraftAsync(string tenantSlug, string slug, string token, CancellationToken ct)
    {
        var state = await LoadDraftAsync(tenantSlug, slug, token, ct);
        if (state is null)
        {
            return (null!, DraftNotFound());
        }

        if (state.Draft.ApplicationId is not null)
        {
            return (state, Results.Redirect($"{state.BaseUrl}/done"));
        }

        if (state.Correction is { IsOpen: false })
        {
            // Withdrawn, or the case moved on: a correction can only be sent while the case waits for it.
            return (state, Page<MessagePage>(new { Chrome = Chrome(), Heading = ui.Get("portal.correctionClosedTitle"), Message = ui.Get("portal.correctionClosedText") }, StatusCodes.Status409Conflict));
        }

        return (state, null);
    }

    /// <summary>
    /// Takes the posted values of one page's fields; fields of other pages are left as they were. Composite parts
    /// ("a.applicant.family"), repeat cells ("a.invoices[0].amount") and row counts come with their field; the
    /// 和暦 picker's parts are also joined into the date text the validator reads.
    /// </summary>
    public void MergeValues(DraftState state, PageDefinition page, IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(form);
        var editableFields = EditableFields(state);
        var editable = page.InputFields.Where(f => f.Type != FieldType.File && (editableFields?.Contains(f.Id) ?? true)).ToList();
        foreach (var field in editable)
        {
            foreach (var stale in state.Values.Keys.Where(k => BelongsTo(k, field.Id)).ToList())
            {
                state.Values.Remove(stale);
            }

            var taken = 0;
            foreach (var formKey in form.Keys)
            {
                if (!formKey.StartsWith("a.", StringComparison.Ordinal) || !BelongsTo(formKey[2..], field.Id) || taken++ > MaxKeysPerField)
                {
                    continue;
                }

                var posted = form[formKey].Where(v => v is not null).Select(v => v!).Take(200).ToList();
                if (posted.Count > 0 && posted.Any(v => v.Length > 0))
                {
                    state.Values[formKey[2..]] = posted;
                }
            }
        }

        JoinWarekiParts(state.Definition, state.Values);
    }

    private const int MaxKeysPerField = 5000;

    /// <summary>Whether a raw key is the field itself or one of its parts, cells or row count.</summary>
    public static bool BelongsTo(string key, string fieldId) =>
        key.StartsWith(fieldId, StringComparison.Ordinal) && (key.Length == fieldId.Length || key[fieldId.Length] is '.' or '[' or '#');

    private static void JoinWarekiParts(ProcedureDefinition definition, Dictionary<string, List<string>> values)
    {
        foreach (var eraKey in values.Keys.Where(k => k.EndsWith(".era", StringComparison.Ordinal)).ToList())
        {
            var key = eraKey[..^".era".Length];
            var leaf = key.Contains(']', StringComparison.Ordinal) ? key[(key.LastIndexOf('.') + 1)..] : key;
            if (definition.FindField(leaf) is not { Type: FieldType.Date, Display: "wareki" })
            {
                continue;
            }

            string Part(string name) => values.TryGetValue(key + "." + name, out var v) && v.Count > 0 ? v[0].Trim() : "";
            var (era, year, month, day) = (Part("era"), Part("year"), Part("month"), Part("day"));
            if (era.Length + year.Length + month.Length + day.Length == 0)
            {
                values.Remove(key);
            }
            else
            {
                // Something the validator reports clearly when a part is missing: 「令和年4月1日」 is not a date.
                values[key] = [$"{era}{year}年{month}月{day}日"];
            }
        }
    }

    /// <summary>
    /// No-JS address lookup: "postal:home" fills prefecture, city and town from the postal code when it stands for
    /// one place, else asks the applicant to choose ("?postal=home" lists the candidates); "postalpick:home:2" takes
    /// candidate 2. Returns the query and anchor to come back to.
    /// </summary>
    public string ApplyPostalAction(DraftState state, PageDefinition page, string action)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(action);
        var parts = action.Split(':');
        var key = parts.Length > 1 ? parts[1] : "";
        if (page.InputFields.FirstOrDefault(f => f.Id == AnswerValidator.TopLevelId(key)) is null)
        {
            return "";
        }

        var code = state.Values.TryGetValue(key + ".postalCode", out var v) && v.Count > 0 ? v[0] : null;
        var candidates = postal.Find(code);
        var pick = parts[0] == "postalpick" && parts.Length == 3 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < candidates.Length ? n : -1;
        if (candidates.Length == 1 || pick >= 0)
        {
            var address = candidates[Math.Max(pick, 0)];
            state.Values[key + ".prefecture"] = [address.Prefecture];
            state.Values[key + ".city"] = [address.City];
            var street = state.Values.TryGetValue(key + ".street", out var s) && s.Count > 0 ? s[0] : "";
            if (!street.StartsWith(address.TownWithoutNote, StringComparison.Ordinal))
            {
                state.Values[key + ".street"] = [address.TownWithoutNote];
            }

            return $"#f-{key}.street";
        }

        return $"?postal={Uri.EscapeDataString(key)}#f-{key}.postalCode";
    }

    /// <summary>The candidates for the postal code typed into an address field (for the choice list).</summary>
    public IReadOnlyList<PostalCandidate> PostalCandidates(DraftState state, string key)
    {
        ArgumentNullException.ThrowIfNull(state);
        var code = state.Values.TryGetValue(key + ".postalCode", out var v) && v.Count > 0 ? v[0] : null;
        return postal.Find(code).Select(a => new PostalCandidate(a.FormattedPostalCode, a.Prefecture, a.City, a.TownWithoutNote)).ToList();
    }

    /// <summary>No-JS row editing: "addrow:invoices" adds a blank row, "delrow:invoices:2" removes row 2 and closes the gap.</summary>
    public static bool ApplyRowAction(DraftState state, PageDefinition page, string action)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(action);
        var parts = action.Split(':');
        if (parts.Length < 2 || parts[0] is not ("addrow" or "delrow") || page.InputFields.FirstOrDefault(f => f.Id == parts[1] && f.Type == FieldType.Repeat) is not { } repeat)
        {
            return false;
        }

        var countKey = AnswerValidator.RowCountKey(repeat.Id);
        var rows = CurrentRows(state.Values, repeat);
        if (parts[0] == "addrow")
        {
            state.Values[countKey] = [Math.Min(rows + 1, repeat.EffectiveMaxRows).ToString(CultureInfo.InvariantCulture)];
            return true;
        }

        if (parts.Length != 3 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var remove) || remove >= rows)
        {
            return false;
        }

        var shifted = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, value) in state.Values.Where(kv => kv.Key.StartsWith(repeat.Id + "[", StringComparison.Ordinal)).ToList())
        {
            state.Values.Remove(key);
            var end = key.IndexOf(']', StringComparison.Ordinal);
            var index = int.Parse(key.AsSpan(repeat.Id.Length + 1, end - repeat.Id.Length - 1), CultureInfo.InvariantCulture);
            if (index != remove)
            {
                shifted[string.Create(CultureInfo.InvariantCulture, $"{repeat.Id}[{(index > remove ? index - 1 : index)}]{key[(end + 1)..]}")] = value;
            }
        }

        foreach (var (key, value) in shifted)
        {
            state.Values[key] = value;
        }

        state.Values[countKey] = [Math.Max(rows - 1, 0).ToString(CultureInfo.InvariantCulture)];
        return true;
    }

    private static int CurrentRows(Dictionary<string, List<string>> values, FieldDefinition repeat)
    {
        var rows = values.TryGetValue(AnswerValidator.RowCountKey(repeat.Id), out var count) && count.Count > 0
            && int.TryParse(count[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        foreach (var key in values.Keys.Where(k => k.StartsWith(repeat.Id + "[", StringComparison.Ordinal)))
        {
            var end = key.IndexOf(']', StringComparison.Ordinal);
            if (end > 0 && int.TryParse(key.AsSpan(repeat.Id.Length + 1, end - repeat.Id.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                rows = Math.Max(rows, index + 1);
            }
        }

        return Math.Max(rows, Math.Max(repeat.EffectiveMinRows, 1));
    }

    /// <summary>
    /// Stores new uploads of a page and removes ticked ones. An upload that breaks its field's rules (size, type,
    /// declared type vs content, count) is not kept: its bytes are deleted and the field shows why.
    /// </summary>
    public async Task<List<FieldError>> SaveUploadsAsync(DraftState state, PageDefinition page, IFormCollection form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(form);
        var errors = new List<FieldError>();
        var remove = form["remove"].Select(v => Guid.TryParse(v, out var id) ? id : Guid.Empty).ToHashSet();
        foreach (var file in state.Files.Where(f => remove.Contains(f.Id)).ToList())
        {
            state.Files.Remove(file);
            db.StoredFiles.Remove(file);
            files.Delete(file.StorageKey);
        }

        var editableFiles = EditableFields(state);
        foreach (var field in page.InputFields.Where(f => f.Type == FieldType.File && (editableFiles?.Contains(f.Id) ?? true)))
        {
            var uploads = form.Files.GetFiles("a." + field.Id).Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).ToList();
            if (uploads.Count == 0)
            {
                continue;
            }

            var (stored, fieldErrors) = await UploadIntake.StoreAsync(
                field,
                state.Draft.TenantId,
                state.Files.Select(f => new UploadedFileInfo(f.OriginalName, f.Length, f.ContentType, f.Kind)).ToList(),
                uploads.Select(u => new UploadIntake.Incoming(u.FileName, u.ContentType, u.OpenReadStream)).ToList(),
                files,
                clock,
                ct);
            if (fieldErrors.Count > 0)
            {
                errors.AddRange(fieldErrors);
                continue;
            }

            foreach (var file in stored)
            {
                file.DraftId = state.Draft.Id;
                db.StoredFiles.Add(file);
                state.Files.Add(file);
            }
        }

        return errors;
    }

    public IReadOnlyList<FieldError> ValidatePage(DraftState state, int pageIndex)
    {
        ArgumentNullException.ThrowIfNull(state);

        // Rules read the whole form, so a page's errors are the full validation's errors of that page's fields.
        var fields = state.Definition.Pages[pageIndex].InputFields.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        return [.. ValidateAll(state).Errors.Where(e => fields.Contains(AnswerValidator.TopLevelId(e.FieldId)))];
    }

    /// <summary>
    /// The draft validated as a whole, with its rules. A request asks for it several times (page errors, the rule
    /// view, the next page), so it is kept for as long as the answers and files it was computed from stay the same.
    /// </summary>
    public AnswerValidationResult ValidateAll(DraftState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var snapshot = JsonSerializer.Serialize(state.Values) + "|" + string.Join(",", state.Files.Select(f => f.Id));
        if (_validated is { } cached && ReferenceEquals(cached.State, state) && cached.Snapshot == snapshot)
        {
            return cached.Result;
        }

        var raw = state.Values.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value);
        var uploaded = EffectiveFiles(state).GroupBy(f => f.FieldId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<UploadedFileInfo>)g.Select(f => new UploadedFileInfo(f.OriginalName, f.Length, f.ContentType, f.Kind)).ToList());
        var result = AnswerValidator.Validate(state.Definition, raw, uploaded, Infrastructure.JapanTime.Today(clock));
        _validated = (state, snapshot, result);
        return result;
    }

    private (DraftState State, string Snapshot, AnswerValidationResult Result)? _validated;

    /// <summary>
    /// The files the answers stand on: the draft's uploads, and for a correction, the submitted files of every file
    /// field the applicant uploaded nothing new for.
    /// </summary>
    public static IReadOnlyList<StoredFile> EffectiveFiles(DraftState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Correction is not { } correction)
        {
            return state.Files;
        }

        var replaced = state.Files.Select(f => f.FieldId).ToHashSet(StringComparer.Ordinal);
        var kept = state.Definition.InputFields
            .Where(f => f.Type == FieldType.File && !replaced.Contains(f.Id))
            .SelectMany(f => correction.OriginalFilesOf(f.Id));
        return [.. state.Files, .. kept];
    }

    public int FirstPageWithError(DraftState state, IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(state);
        for (var i = 0; i < state.Definition.Pages.Count; i++)
        {
            if (state.Definition.Pages[i].InputFields.Any(f => errors.Any(e => AnswerValidator.TopLevelId(e.FieldId) == f.Id)))
            {
                return i;
            }
        }

        return 0;
    }

    public FormPageModel FormModel(DraftState state, int pageIndex, IReadOnlyList<FieldError> errors, bool saved)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new FormPageModel(
            Chrome(),
            state.Definition,
            pageIndex,
            state.Values.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value),
            errors,
            state.Files.Select(ToView).ToList(),
            state.BaseUrl,
            saved,
            Rules(state))
        {
            Correction = CorrectionView(state),
        };
    }

    /// <summary>The rules evaluated over the draft's answers so far.</summary>
    public RuleView Rules(DraftState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var result = ValidateAll(state);
        var rules = ProcedureRules.For(state.Definition);
        var today = Infrastructure.JapanTime.Today(clock);
        var environment = rules.EnvironmentFor(result.Answers, today);
        var path = rules.HasRules ? rules.PagePath(environment) : Enumerable.Range(0, state.Definition.Pages.Count).ToList();
        return new RuleView(rules, result.Answers, result.HiddenFields, environment, path, today);
    }

    public static DraftFileView ToView(StoredFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new DraftFileView(file.Id, file.FieldId, file.OriginalName, file.Length);
    }

    /// <summary>File fields answer with the ids of their stored files.</summary>
    public static void AddFileAnswers(ProcedureDefinition definition, JsonObject answers, IEnumerable<StoredFile> stored)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(answers);
        foreach (var group in stored.GroupBy(f => f.FieldId))
        {
            if (definition.FindField(group.Key) is { Type: FieldType.File })
            {
                answers[group.Key] = new JsonArray(group.Select(f => (JsonNode?)JsonValue.Create(f.Id.ToString())).ToArray());
            }
        }
    }

    public static string? ApplicantName(ProcedureDefinition definition, JsonObject answers)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(answers);
        if (definition.ApplicantNameField is not { } id || !answers.TryGetPropertyValue(id, out var node))
        {
            return null;
        }

        return node switch
        {
            JsonValue value => value.ToString(),

            // A name field: 「姓 名」 as people write it, which is also what staff search for.
            JsonObject name => string.Join(" ", new[] { (string?)name["family"], (string?)name["given"] }.Where(p => !string.IsNullOrEmpty(p))),
            _ => null,
        };
    }
}
