using System.Globalization;
using System.Text.Json;
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

/// <summary>
/// The applicant portal: plain server-rendered HTML forms that work without JavaScript. Every POST answers with a
/// redirect (post/redirect/get) or re-renders the page with its errors and the values kept.
/// </summary>
public static class PortalEndpoints
{
    public static void AddPortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TenantDirectory>();
        builder.Services.AddSingleton<PostalDirectory>();
        builder.Services.AddSingleton<DefinitionCache>();
        builder.Services.AddScoped<PortalContext>();
        builder.Services.AddSingleton<DraftSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DraftSweeper>());
    }

    public static void MapPortal(this WebApplication app)
    {
        app.MapGet("/", (IOptions<MadoguchiOptions> o) => Results.Redirect($"/p/{o.Value.DefaultTenant}"));

        var group = app.MapGroup("/p/{tenant}").ExcludeFromDescription();
        group.MapGet("/", ListAsync);
        group.MapGet("/{slug}", LandingAsync);
        group.MapPost("/{slug}/start", StartAsync).RequireRateLimiting(RateLimitExtensions.PortalPosts);
        group.MapGet("/{slug}/d/{token}", (string tenant, string slug, string token) => Results.Redirect($"/p/{tenant}/{slug}/d/{token}/1"));
        group.MapGet("/{slug}/d/{token}/{page:int}", PageAsync);
        group.MapPost("/{slug}/d/{token}/{page:int}", SavePageAsync).RequireRateLimiting(RateLimitExtensions.PortalPosts).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(PortalContext.MaxRequestBytes));
        group.MapGet("/{slug}/d/{token}/confirm", ConfirmAsync);
        group.MapPost("/{slug}/d/{token}/submit", SubmitAsync).RequireRateLimiting(RateLimitExtensions.PortalPosts);
        group.MapGet("/{slug}/d/{token}/done", DoneAsync);

        // 郵便番号 → 住所 candidates for the address autofill (public data; the portal's script and the API use it).
        app.MapGet("/postal/{code}", (string code, PostalDirectory postal) =>
            Results.Json(postal.Find(code).Select(a => new PostalCandidate(a.FormattedPostalCode, a.Prefecture, a.City, a.TownWithoutNote)).ToList()))
            .WithName("LookUpPostalCode").WithTags("postal");

        app.MapGet("/status", StatusFormAsync).ExcludeFromDescription();
        app.MapPost("/status", StatusLookupAsync).RequireRateLimiting(RateLimitExtensions.StatusLookups).ExcludeFromDescription();
        app.MapPost("/status/withdraw", WithdrawAsync).RequireRateLimiting(RateLimitExtensions.StatusLookups).ExcludeFromDescription();
        app.MapPost("/status/correct", CorrectAsync).RequireRateLimiting(RateLimitExtensions.StatusLookups).ExcludeFromDescription();
    }

    private static async Task<IResult> ListAsync(string tenant, PortalContext portal, PublishedProcedures published, CancellationToken ct)
    {
        if (!await portal.EnterAsync(tenant, ct))
        {
            return portal.NotFound();
        }

        var definitions = (await published.ListAsync(ct)).Select(p => p.Definition).ToList();
        return portal.Page<ProcedureListPage>(new { Chrome = portal.Chrome(), Procedures = (IReadOnlyList<ProcedureDefinition>)definitions });
    }

    private static async Task<IResult> LandingAsync(string tenant, string slug, PortalContext portal, IOptions<Applicants.ApplicantOidcOptions> oidc, CancellationToken ct)
    {
        var published = await portal.FindPublishedAsync(tenant, slug, ct);
        if (published is null)
        {
            return portal.NotFound();
        }

        return portal.Page<LandingPage>(new
        {
            Chrome = portal.Chrome(),
            Definition = published.Definition,
            Schedule = published.Schedule,
            Now = portal.Clock.GetUtcNow().UtcDateTime,
            IdentitySignIn = Seals.SealPolicyPortal.IdentitySignInHref(tenant, slug, oidc.Value),
        });
    }

    private static async Task<IResult> StartAsync(string tenant, string slug, PortalContext portal, Applicants.ApplicantAccess access, IOptions<Applicants.ApplicantOidcOptions> oidc, CancellationToken ct)
    {
        if (await portal.RejectForgeryAsync() is { } forged)
        {
            return forged;
        }

        var published = await portal.FindPublishedAsync(tenant, slug, ct);
        if (published is null)
        {
            return portal.NotFound();
        }

        // requiresAccount: only a signed-in applicant with a verified address may start.
        if (published.Definition.RequiresAccount && await access.VerifiedAccountAsync(ct) is null)
        {
            return SignInFirst(tenant, $"/p/{tenant}/{slug}");
        }

        // sealPolicy identity: only an applicant whose identity the configured provider verified may start.
        if (published.Definition.SealPolicy == SealPolicy.Identity && await access.IdentityVerifiedAccountAsync(ct) is null)
        {
            return Seals.SealPolicyPortal.IdentityRequired(portal, tenant, slug, oidc.Value);
        }

        if (portal.Closed(published.Schedule) is { } closed)
        {
            return closed;
        }

        var token = Secrets.NewToken();
        var now = portal.Clock.GetUtcNow().UtcDateTime;
        portal.Db.Drafts.Add(new Draft
        {
            Id = Guid.CreateVersion7(),
            ProcedureId = published.ProcedureId,
            ProcedureVersionId = published.VersionId,
            ResumeTokenHash = Secrets.Sha256Hex(token),
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now.AddDays(portal.Options.DraftLifetimeDays),
        });
        await portal.Db.SaveChangesAsync(ct);
        return Results.Redirect($"/p/{tenant}/{slug}/d/{token}/1");
    }

    private static async Task<IResult> PageAsync(string tenant, string slug, string token, int page, PortalContext portal, CancellationToken ct)
    {
        var (state, stop) = await portal.LoadOpenDraftAsync(tenant, slug, token, ct);
        if (stop is not null)
        {
            return stop;
        }

        if (page < 1 || page > state.Definition.Pages.Count)
        {
            return portal.NotFound();
        }

        // Coming back from the confirmation screen with errors shows them on the page that has them.
        var errors = portal.Http.Request.Query.ContainsKey("check")
            ? portal.ValidatePage(state, page - 1)
            : [];
        var model = portal.FormModel(state, page - 1, errors, saved: portal.Http.Request.Query.ContainsKey("saved"));
        if (portal.Http.Request.Query["postal"].ToString() is { Length: > 0 } postalKey)
        {
            model = model with { PostalChoices = (postalKey, portal.PostalCandidates(state, postalKey)) };
        }

        return portal.Page<FormPage>(new { Model = model });
    }

    private static async Task<IResult> SavePageAsync(string tenant, string slug, string token, int page, PortalContext portal, CancellationToken ct)
    {
        if (await portal.RejectForgeryAsync() is { } forged)
        {
            return forged;
        }

        var (state, stop) = await portal.LoadOpenDraftAsync(tenant, slug, token, ct);
        if (stop is not null)
        {
            return stop;
        }

        if (page < 1 || page > state.Definition.Pages.Count)
        {
            return portal.NotFound();
        }

        var form = await portal.Http.Request.ReadFormAsync(ct);
        var pageDefinition = state.Definition.Pages[page - 1];
        portal.MergeValues(state, pageDefinition, form);
        var fileErrors = await portal.SaveUploadsAsync(state, pageDefinition, form, ct);
        state.Draft.ValuesJson = JsonSerializer.Serialize(state.Values);
        state.Draft.UpdatedAt = portal.Clock.GetUtcNow().UtcDateTime;
        await portal.Db.SaveChangesAsync(ct);

        var action = form["action"].ToString();
        if (action.StartsWith("postal:", StringComparison.Ordinal) || action.StartsWith("postalpick:", StringComparison.Ordinal))
        {
            var anchor = portal.ApplyPostalAction(state, pageDefinition, action);
            state.Draft.ValuesJson = JsonSerializer.Serialize(state.Values);
            await portal.Db.SaveChangesAsync(ct);
            return Results.Redirect($"{state.BaseUrl}/{page}{anchor}");
        }

        if (PortalContext.ApplyRowAction(state, pageDefinition, action))
        {
            state.Draft.ValuesJson = JsonSerializer.Serialize(state.Values);
            await portal.Db.SaveChangesAsync(ct);
            return Results.Redirect($"{state.BaseUrl}/{page}#f-{AnswerValidator.TopLevelId(action.Split(':')[1])}");
        }

        if (action == "save")
        {
            return Results.Redirect($"{state.BaseUrl}/{page}?saved=1");
        }

        if (action == "back")
        {
            return Results.Redirect($"{state.BaseUrl}/{portal.Rules(state).PreviousBefore(page - 1) + 1}");
        }

        var errors = portal.ValidatePage(state, page - 1);
        var allErrors = fileErrors.Concat(errors.Where(e => !fileErrors.Any(f => f.FieldId == e.FieldId))).ToList();
        if (allErrors.Count > 0)
        {
            return portal.Page<FormPage>(new { Model = portal.FormModel(state, page - 1, allErrors, saved: false) }, StatusCodes.Status422UnprocessableEntity);
        }

        // Branches and hidden pages decide where to go next, from the answers as they now stand.
        var next = portal.Rules(state).NextAfter(page - 1);
        return next < 0
            ? Results.Redirect($"{state.BaseUrl}/confirm")
            : Results.Redirect($"{state.BaseUrl}/{next + 1}");
    }

    private static async Task<IResult> ConfirmAsync(string tenant, string slug, string token, PortalContext portal, CancellationToken ct)
    {
        var (state, stop) = await portal.LoadOpenDraftAsync(tenant, slug, token, ct);
        if (stop is not null)
        {
            return stop;
        }

        var result = portal.ValidateAll(state);
        if (!result.IsValid)
        {
            return Results.Redirect($"{state.BaseUrl}/{portal.FirstPageWithError(state, result.Errors) + 1}?check=1");
        }

        return portal.Page<ConfirmPage>(new { Model = Confirmation(portal, state, result, null) });
    }

    private static ConfirmModel Confirmation(PortalContext portal, DraftState state, AnswerValidationResult result, string? declarationError)
    {
        var view = portal.Rules(state);
        return new ConfirmModel(portal.Chrome(), state.Definition, result.Answers, PortalContext.EffectiveFiles(state).Where(f => !result.HiddenFields.Contains(f.FieldId)).Select(PortalContext.ToView).ToList(), state.BaseUrl)
        {
            Path = view.Path,
            Hidden = result.HiddenFields,
            Changes = state.Correction is { } correction ? CorrectionChanges(state, correction, result) : null,
            Before = state.Correction?.OriginalAnswers,

            // A correction (補正) resubmits an application already declared; the declaration is asked once.
            Declaration = state.Correction is null && state.Definition.SealPolicy == SealPolicy.Declaration ? SealPolicies.DeclarationOf(state.Definition) : null,
            DeclarationError = declarationError,
        };
    }

    /// <summary>What a correction changes, with file fields compared by the files they now stand on.</summary>
    private static IReadOnlyList<AnswerChange> CorrectionChanges(DraftState state, CorrectionContext correction, AnswerValidationResult result)
    {
        var after = (System.Text.Json.Nodes.JsonObject)result.Answers.DeepClone();
        PortalContext.AddFileAnswers(state.Definition, after, PortalContext.EffectiveFiles(state).Where(f => !result.HiddenFields.Contains(f.FieldId)));
        return AnswerDiff.Compare(state.Definition, correction.OriginalAnswers, after);
    }

    private static IResult SignInFirst(string tenant, string returnUrl) =>
        Results.Redirect($"/p/{tenant}/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}");

    private static async Task<IResult> SubmitAsync(string tenant, string slug, string token, PortalContext portal, SubmitApplicationHandler handler, Applicants.ApplicantAccess access, Features.Cases.CorrectionService corrections, IOptions<Applicants.ApplicantOidcOptions> oidc, CancellationToken ct)
    {
        if (await portal.RejectForgeryAsync() is { } forged)
        {
            return forged;
        }

        var (state, stop) = await portal.LoadOpenDraftAsync(tenant, slug, token, ct);
        if (stop is not null)
        {
            return stop;
        }

        if (state.Correction is not null)
        {
            // A correction is answered whatever the 受付期間 says now: the application was received in time.
            var validated = portal.ValidateAll(state);
            if (!validated.IsValid)
            {
                return Results.Redirect($"{state.BaseUrl}/{portal.FirstPageWithError(state, validated.Errors) + 1}?check=1");
            }

            var resubmitted = await corrections.ResubmitAsync(state, validated, ct);
            return resubmitted.Outcome switch
            {
                Features.Cases.CaseActionOutcome.Applied => Results.Redirect($"{state.BaseUrl}/done"),
                Features.Cases.CaseActionOutcome.Refused => portal.Page<MessagePage>(new { Chrome = portal.Chrome(), Heading = portal.Ui.Get("portal.correctionClosedTitle"), Message = resubmitted.Refusal!.Message.For(UiText.CurrentLanguage) }, StatusCodes.Status409Conflict),
                _ => portal.Page<MessagePage>(new { Chrome = portal.Chrome(), Heading = portal.Ui.Get("portal.correctionClosedTitle"), Message = portal.Ui.Get("portal.tryAgain") }, StatusCodes.Status409Conflict),
            };
        }

        // The 受付期間 in force now decides, not the one when the draft was started.
        if (await portal.FindPublishedAsync(tenant, slug, ct) is { } current && portal.Closed(current.Schedule) is { } closed)
        {
            return closed;
        }

        var result = portal.ValidateAll(state);
        if (!result.IsValid)
        {
            return Results.Redirect($"{state.BaseUrl}/{portal.FirstPageWithError(state, result.Errors) + 1}?check=1");
        }

        var account = await access.VerifiedAccountAsync(ct);
        if (account is null && state.Definition.RequiresAccount)
        {
            return SignInFirst(tenant, $"{state.BaseUrl}/confirm");
        }

        if (state.Definition.SealPolicy == SealPolicy.Identity)
        {
            if (await access.IdentityVerifiedAccountAsync(ct) is not { } identified)
            {
                return Seals.SealPolicyPortal.IdentityRequired(portal, tenant, slug, oidc.Value);
            }

            account = identified;
        }

        string? declared = null;
        if (state.Definition.SealPolicy == SealPolicy.Declaration)
        {
            var form = await portal.Http.Request.ReadFormAsync(ct);
            if (form["declared"].ToString() != "yes")
            {
                return portal.Page<ConfirmPage>(new { Model = Confirmation(portal, state, result, portal.Ui.Get("seal.declarationMissing")) }, StatusCodes.Status422UnprocessableEntity);
            }

            // The text as the applicant saw it, in the language of the page.
            declared = SealPolicies.DeclarationOf(state.Definition).For(UiText.CurrentLanguage);
        }

        var answers = result.Answers;
        var keptFiles = state.Files.Where(f => !result.HiddenFields.Contains(f.FieldId)).ToList();
        PortalContext.AddFileAnswers(state.Definition, answers, keptFiles);
        var (outcome, _) = await handler.SubmitAsync(new SubmitCommand(
            state.Procedure,
            answers,
            PortalContext.ApplicantName(state.Definition, answers),
            [],
            keptFiles.Select(f => f.Id).ToList(),
            IntakeChannel.Web,
            "applicant",
            "portal",
            state.Draft.Id.ToString(),
            "",
            state.Draft.Id,
            UiText.CurrentLanguage) { ApplicantAccountId = account?.Id, DeclarationText = declared }, ct);
        if (outcome == SubmitOutcome.IdempotencyKeyReused)
        {
            return portal.NotFound();
        }

        return Results.Redirect($"{state.BaseUrl}/done");
    }

    private static async Task<IResult> DoneAsync(string tenant, string slug, string token, PortalContext portal, SubmitApplicationHandler handler, CancellationToken ct)
    {
        var state = await portal.LoadDraftAsync(tenant, slug, token, ct);
        if (state?.Draft.ApplicationId is not { } applicationId)
        {
            return portal.DraftNotFound();
        }

        var application = await portal.Db.Applications.AsNoTracking().SingleAsync(a => a.Id == applicationId, ct);
        var receipt = handler.ToReceipt(application, replayed: true);
        var statusUrl = $"/status?tenant={tenant}&receipt={Uri.EscapeDataString(receipt.ReceiptNumber)}";
        return portal.Page<DonePage>(new { Model = new DoneModel(portal.Chrome(), state.Definition, receipt.ReceiptNumber, receipt.AccessCode, receipt.SubmittedAt, statusUrl) { Resubmitted = state.Draft.CorrectionOf is not null } });
    }

    private static async Task<IResult> StatusFormAsync(PortalContext portal, IOptions<MadoguchiOptions> options, string? tenant, string? receipt, CancellationToken ct)
    {
        if (!await portal.EnterAsync(tenant ?? options.Value.DefaultTenant, ct))
        {
            return portal.NotFound();
        }

        return portal.Page<StatusPage>(new { Model = new StatusModel(portal.Chrome(), receipt, null, null, null) });
    }

    private enum StatusAction
    {
        Look,
        Withdraw,
        Correct,
    }

    private static Task<IResult> StatusLookupAsync(PortalContext portal, IOptions<MadoguchiOptions> options, Features.Cases.CaseService cases, Applicants.ApplicantAccess access, Applicants.CaseMessages messages, Features.Cases.CorrectionService corrections, CancellationToken ct) =>
        StatusAsync(portal, options, cases, access, messages, corrections, StatusAction.Look, ct);

    /// <summary>取下げ by the applicant: the owner's account, or the receipt number and access code as for the status.</summary>
    private static Task<IResult> WithdrawAsync(PortalContext portal, IOptions<MadoguchiOptions> options, Features.Cases.CaseService cases, Applicants.ApplicantAccess access, Applicants.CaseMessages messages, Features.Cases.CorrectionService corrections, CancellationToken ct) =>
        StatusAsync(portal, options, cases, access, messages, corrections, StatusAction.Withdraw, ct);

    /// <summary>補正 by the applicant (owner or guest): opens a correction draft of the application and goes to its first flagged page.</summary>
    private static Task<IResult> CorrectAsync(PortalContext portal, IOptions<MadoguchiOptions> options, Features.Cases.CaseService cases, Applicants.ApplicantAccess access, Applicants.CaseMessages messages, Features.Cases.CorrectionService corrections, CancellationToken ct) =>
        StatusAsync(portal, options, cases, access, messages, corrections, StatusAction.Correct, ct);

    private static async Task<IResult> StatusAsync(PortalContext portal, IOptions<MadoguchiOptions> options, Features.Cases.CaseService cases, Applicants.ApplicantAccess access, Applicants.CaseMessages messages, Features.Cases.CorrectionService corrections, StatusAction action, CancellationToken ct)
    {
        if (await portal.RejectForgeryAsync() is { } forged)
        {
            return forged;
        }

        var form = await portal.Http.Request.ReadFormAsync(ct);
        var tenant = form["tenant"].ToString() is { Length: > 0 } t ? t : options.Value.DefaultTenant;
        if (!await portal.EnterAsync(tenant, ct))
        {
            return portal.NotFound();
        }

        var receipt = form["receipt"].ToString().Trim().ToUpperInvariant();
        var code = form["code"].ToString();

        // A look-up always needs the code; actions also accept the owner's sign-in (their forms carry no code).
        var found = action != StatusAction.Look || code.Length > 0 ? await access.ForAsync(receipt, code, ct) : null;
        if (found is null)
        {
            // One message for "no such receipt" and "wrong code", so the form cannot be used to probe receipts.
            return portal.Page<StatusPage>(new { Model = new StatusModel(portal.Chrome(), receipt, portal.Ui.Get("portal.statusNotFound"), null, null) }, StatusCodes.Status422UnprocessableEntity);
        }

        string? message = null;
        if (action == StatusAction.Correct)
        {
            var application = found.Application;
            if (await corrections.StartAsync(application, ct) is { } token)
            {
                var definition = portal.Definitions.Get(application.ProcedureVersion!);
                var slug = await portal.Db.Procedures.Where(p => p.Id == application.ProcedureId).Select(p => p.Slug).SingleAsync(ct);
                var flagged = (await cases.LoadAsync(application.Id, ct))?.Correction?.Fields.Select(f => f.FieldId).ToHashSet(StringComparer.Ordinal) ?? [];
                var first = Math.Max(0, definition.Pages.ToList().FindIndex(p => p.InputFields.Any(f => flagged.Contains(f.Id))));
                return Results.Redirect($"/p/{tenant}/{slug}/d/{token}/{first + 1}");
            }

            message = portal.Ui.Get("portal.correctionClosedText");
        }

        if (action == StatusAction.Withdraw)
        {
            var result = await cases.ApplyAsync(found.Application.Id, new Madoguchi.Core.Cases.Withdraw(form["reason"].ToString() is { Length: > 0 } r ? r[..Math.Min(r.Length, 500)] : null),
                Madoguchi.Core.Cases.Actor.Applicant(found.Actor), null, ct);
            if (found.ByAccount && result.Outcome == Features.Cases.CaseActionOutcome.Applied)
            {
                return Results.Redirect($"/p/{tenant}/my/{Uri.EscapeDataString(found.Application.ReceiptNumber)}?done=withdrawn");
            }

            message = result.Outcome switch
            {
                Features.Cases.CaseActionOutcome.Applied => portal.Ui.Get("portal.withdrawn"),
                Features.Cases.CaseActionOutcome.Refused => result.Refusal!.Message.For(UiText.CurrentLanguage),
                _ => portal.Ui.Get("portal.tryAgain"),
            };
            found = found with { Application = await portal.Db.Applications.AsNoTracking().Include(a => a.ProcedureVersion).SingleAsync(a => a.Id == found.Application.Id, ct) };
        }

        var model = await Applicants.MyApplicationsEndpoints.StatusModelAsync(portal, cases, messages, found, code, ct);
        return portal.Page<StatusPage>(new { Model = model with { Message = message } });
    }
}

/// <summary>One address a postal code stands for (the town without Japan Post's notes in parentheses).</summary>
public sealed record PostalCandidate(string PostalCode, string Prefecture, string City, string Town);
