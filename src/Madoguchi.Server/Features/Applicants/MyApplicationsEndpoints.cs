using System.Text.Json;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Applications;
using Madoguchi.Server.Features.Cases;
using Madoguchi.Server.Features.Portal;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Madoguchi.Server.Features.Applicants;

public sealed record MyApplicationRow(string ReceiptNumber, string ProcedureTitle, DateTime SubmittedAt, ApplicationStatus Status);

public sealed record MyApplicationsModel(PortalChrome Chrome, ApplicantAccount Account, IReadOnlyList<MyApplicationRow> Applications)
{
    public IReadOnlyList<FormError> Errors { get; init; } = [];
    public string? Notice { get; init; }
    public string? ClaimReceipt { get; init; }
}

/// <summary>
/// "My applications" for a signed-in applicant, the detail page (the status page's own rendering, with the thread),
/// claiming a guest application, and the applicant's message and attachment endpoints shared with guests.
/// </summary>
public static class MyApplicationsEndpoints
{
    public static void MapMyApplications(this WebApplication app)
    {
        var group = app.MapGroup("/p/{tenant}/my").ExcludeFromDescription();
        group.MapGet("/", ListAsync);
        group.MapPost("/claim", ClaimAsync).RequireRateLimiting(RateLimitExtensions.StatusLookups);
        group.MapGet("/{receipt}", DetailAsync);

        app.MapPost("/status/messages", PostMessageAsync).RequireRateLimiting(RateLimitExtensions.PortalPosts)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(CaseMessages.MaxAttachments * (CaseMessages.MaxAttachmentBytes + 64 * 1024) + 64 * 1024))
            .ExcludeFromDescription();
        app.MapPost("/status/files/{id:guid}", DownloadAsync).RequireRateLimiting(RateLimitExtensions.StatusLookups).ExcludeFromDescription();
    }

    /// <summary>The status page's model for an application the request may act for: the case and the applicant's side of the thread.</summary>
    public static async Task<StatusModel> StatusModelAsync(PortalContext portal, CaseService cases, CaseMessages messages, ApplicationAccess access, string? accessCode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(portal);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(access);
        var application = access.Application;
        var definition = portal.Definitions.Get(application.ProcedureVersion!);
        var title = definition.Title.For(UiText.CurrentLanguage);
        return new StatusModel(portal.Chrome(), application.ReceiptNumber, null, application, title)
        {
            Definition = definition,
            Case = await cases.LoadAsync(application.Id, ct),
            AccessCode = access.ByAccount ? null : accessCode,
            ByAccount = access.ByAccount,
            Messages = await messages.ListAsync(application.Id, includeInternal: false, ct),
        };
    }

    private static async Task<IResult> ListAsync(string tenant, PortalContext portal, ApplicantAccess access, CancellationToken ct)
    {
        if (!await portal.EnterAsync(tenant, ct))
        {
            return portal.NotFound();
        }

        if (await access.CurrentAccountAsync(ct) is not { } account)
        {
            return Results.Redirect($"/p/{tenant}/account/login?returnUrl={Uri.EscapeDataString($"/p/{tenant}/my")}");
        }

        return await PageAsync(portal, account, ct);
    }

    private static async Task<IResult> PageAsync(PortalContext portal, ApplicantAccount account, CancellationToken ct, IReadOnlyList<FormError>? errors = null, string? notice = null, string? claimReceipt = null)
    {
        var rows = new List<MyApplicationRow>();
        if (account.EmailVerifiedAt is not null)
        {
            var applications = await portal.Db.Applications.AsNoTracking().Include(a => a.ProcedureVersion)
                .Where(a => a.ApplicantAccountId == account.Id)
                .OrderByDescending(a => a.SubmittedAt)
                .Take(500)
                .ToListAsync(ct);
            rows = [.. applications.Select(a => new MyApplicationRow(a.ReceiptNumber, portal.Definitions.Get(a.ProcedureVersion!).Title.For(UiText.CurrentLanguage), a.SubmittedAt, a.Status))];
        }

        return portal.Page<MyApplicationsPage>(
            new { Model = new MyApplicationsModel(portal.Chrome(), account, rows) { Errors = errors ?? [], Notice = notice, ClaimReceipt = claimReceipt } },
            errors is { Count: > 0 } ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    private static async Task<IResult> ClaimAsync(string tenant, PortalContext portal, ApplicantAccess access, TimeProvider clock, CancellationToken ct)
    {
        if (!await portal.EnterAsync(tenant, ct))
        {
            return portal.NotFound();
        }

        if (await portal.RejectForgeryAsync() is { } forged)
        {
            return forged;
        }

        if (await access.VerifiedAccountAsync(ct) is not { } account)
        {
            return Results.Redirect($"/p/{tenant}/my");
        }

        var form = await portal.Http.Request.ReadFormAsync(ct);
        var receipt = form["receipt"].ToString();
        var code = form["code"].ToString();
        var found = string.IsNullOrWhiteSpace(code) ? null : await access.ForAsync(receipt, code, ct);
        if (found is null || (found.Application.ApplicantAccountId is { } owner && owner != account.Id))
        {
            return await PageAsync(portal, account, ct, [new FormError("claim-receipt", portal.Ui.Get("applicant.claimFailed"))], claimReceipt: receipt);
        }

        if (found.Application.ApplicantAccountId is null)
        {
            var application = await portal.Db.Applications.SingleAsync(a => a.Id == found.Application.Id, ct);
            application.ApplicantAccountId = account.Id;
            portal.Db.AuditRecords.Add(new AuditRecord
            {
                At = clock.GetUtcNow().UtcDateTime,
                Actor = "applicant:" + account.Id,
                Action = "application.claimed",
                EntityType = "application",
                EntityId = application.Id.ToString(),
            });
            await portal.Db.SaveChangesAsync(ct);
        }

        return Results.Redirect($"/p/{tenant}/my/{Uri.EscapeDataString(found.Application.ReceiptNumber)}");
    }

    private static async Task<IResult> DetailAsync(string tenant, string receipt, string? done, PortalContext portal, ApplicantAccess access, CaseService cases, CaseMessages messages, CancellationToken ct)
    {
        if (!await portal.EnterAsync(tenant, ct))
        {
            return portal.NotFound();
        }

        if (await access.CurrentAccountAsync(ct) is null)
        {
            return Results.Redirect($"/p/{tenant}/account/login?returnUrl={Uri.EscapeDataString($"/p/{tenant}/my/{receipt}")}");
        }

        // Someone else's receipt answers exactly like one that does not exist.
        if (await access.ForAsync(receipt, null, ct) is not { } found)
        {
            return portal.NotFound();
        }

        var model = await StatusModelAsync(portal, cases, messages, found, null, ct);
        return portal.Page<StatusPage>(new
        {
            Model = model with
            {
                Message = done switch
                {
                    "withdrawn" => portal.Ui.Get("portal.withdrawn"),
                    "message" => portal.Ui.Get("applicant.messageSent"),
                    _ => null,
                },
            },
        });
    }

    private static async Task<IResult> PostMessageAsync(PortalContext portal, ApplicantAccess access, CaseService cases, CaseMessages messages, Microsoft.Extensions.Options.IOptions<MadoguchiOptions> options, CancellationToken ct)
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

        var code = form["code"].ToString();
        if (await access.ForAsync(form["receipt"].ToString(), code, ct) is not { } found)
        {
            return portal.Page<StatusPage>(new { Model = new StatusModel(portal.Chrome(), form["receipt"].ToString(), portal.Ui.Get("portal.statusNotFound"), null, null) }, StatusCodes.Status422UnprocessableEntity);
        }

        var uploads = form.Files.GetFiles("attachment").Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName))
            .Select(f => new UploadIntake.Incoming(f.FileName, f.ContentType, f.OpenReadStream)).ToList();
        var body = form["body"].ToString();
        var result = await messages.PostAsync(found.Application, MessageAuthorKind.Applicant, found.Actor, body, isInternal: false, uploads, ct, form["postKey"].ToString());
        if (result.Errors.Count > 0)
        {
            var model = await StatusModelAsync(portal, cases, messages, found, code, ct);
            return portal.Page<StatusPage>(new
            {
                Model = model with
                {
                    MessageErrors = [.. result.Errors.Select(e => new FormError(e.FieldId == "body" ? "message-body" : "message-attachment", e.Message.For(UiText.CurrentLanguage)))],
                    MessageDraft = body,
                },
            }, StatusCodes.Status422UnprocessableEntity);
        }

        if (found.ByAccount)
        {
            return Results.Redirect($"/p/{tenant}/my/{Uri.EscapeDataString(found.Application.ReceiptNumber)}?done=message#messages");
        }

        var fresh = await StatusModelAsync(portal, cases, messages, found, code, ct);
        return portal.Page<StatusPage>(new { Model = fresh with { Message = portal.Ui.Get("applicant.messageSent") } });
    }

    /// <summary>An attachment of the applicant-visible thread; always a download, sandboxed should a browser render it.</summary>
    private static async Task<IResult> DownloadAsync(Guid id, PortalContext portal, ApplicantAccess access, CaseMessages messages, FileStore store, TimeProvider clock, Microsoft.Extensions.Options.IOptions<MadoguchiOptions> options, CancellationToken ct)
    {
        if (await portal.RejectForgeryAsync() is { } forged)
        {
            return forged;
        }

        var form = await portal.Http.Request.ReadFormAsync(ct);
        if (!await portal.EnterAsync(form["tenant"].ToString() is { Length: > 0 } t ? t : options.Value.DefaultTenant, ct)
            || await access.ForAsync(form["receipt"].ToString(), form["code"].ToString(), ct) is not { } found
            || await messages.FindApplicantFileAsync(found.Application.Id, id, ct) is not { } file)
        {
            return portal.NotFound();
        }

        portal.Db.AuditRecords.Add(new AuditRecord
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = found.Actor,
            Action = "file.downloaded",
            EntityType = "application",
            EntityId = found.Application.Id.ToString(),
            Details = JsonSerializer.Serialize(new { fileId = file.Id }),
        });
        await portal.Db.SaveChangesAsync(ct);
        var http = portal.Http;
        http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        http.Response.Headers.CacheControl = "private, no-store";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(file.OriginalName);
        http.Response.Headers.ContentDisposition = disposition.ToString();
        return Results.Stream(store.OpenRead(file.StorageKey), file.ContentType);
    }
}
