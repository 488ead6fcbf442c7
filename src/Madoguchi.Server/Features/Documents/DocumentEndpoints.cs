using System.Text.Json;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Features.Applicants;
using Madoguchi.Server.Features.Portal;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Madoguchi.Server.Features.Documents;

/// <summary>Downloads of issued documents (applicants and staff) and the public verification page and API.</summary>
public static class DocumentEndpoints
{
    public static void AddDocuments(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SigningOptions>(builder.Configuration.GetSection(SigningOptions.Section));
        builder.Services.AddHttpClient("tsa", c => c.Timeout = TimeSpan.FromSeconds(20));
        builder.Services.AddSingleton<SigningIdentityProvider>();
        builder.Services.AddHostedService<SigningIdentityStartup>();
        builder.Services.AddScoped<DocumentTemplates>();
        builder.Services.AddScoped<SealSources>();
        builder.Services.AddScoped<DocumentIssuer>();
        builder.Services.AddScoped<DocumentVerification>();
    }

    public static void MapDocuments(this WebApplication app)
    {
        app.MapPost("/status/documents/copy", ApplicantCopyAsync).RequireRateLimiting(RateLimitExtensions.StatusLookups).ExcludeFromDescription();
        app.MapPost("/status/documents/{id:guid}", ApplicantDownloadAsync).RequireRateLimiting(RateLimitExtensions.StatusLookups).ExcludeFromDescription();
        app.MapGet("/staff/documents/{id:guid}", StaffDownloadAsync).RequireAuthorization(Policies.Staff).ExcludeFromDescription();

        app.MapGet("/verify", (IOptions<MadoguchiOptions> o) => Results.Redirect($"/p/{o.Value.DefaultTenant}/verify")).ExcludeFromDescription();
        app.MapGet("/p/{tenant}/verify", VerifyFormAsync).ExcludeFromDescription();
        app.MapPost("/p/{tenant}/verify", VerifyUploadAsync).RequireRateLimiting(RateLimitExtensions.StatusLookups)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(DocumentVerification.MaxBytes + (64 * 1024)))
            .ExcludeFromDescription();
        app.MapPost("/api/v1/documents/verify", VerifyApiAsync).AllowAnonymous().DisableAntiforgery()
            .RequireRateLimiting(RateLimitExtensions.StatusLookups)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(DocumentVerification.MaxBytes + (64 * 1024)))
            .WithName("VerifyDocument").WithTags("v1")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<VerifyResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    /// <summary>申請控え for the applicant (receipt number + access code, or the owner's account): rendered the first time it is asked for.</summary>
    private static async Task<IResult> ApplicantCopyAsync(PortalContext portal, ApplicantAccess access, DocumentIssuer issuer, FileStore store, TimeProvider clock, IOptions<MadoguchiOptions> options, CancellationToken ct)
    {
        if (await ApplicantAsync(portal, access, options, ct) is not { } found)
        {
            return portal.NotFound();
        }

        var application = await portal.Db.Applications.AsNoTracking().Include(a => a.ProcedureVersion).SingleAsync(a => a.Id == found.Application.Id, ct);
        var document = await issuer.ApplicantCopyAsync(application, found.Actor, ct);
        return await SendAsync(portal.Http, portal.Db, store, clock, document, found.Actor, ct);
    }

    /// <summary>A notice or the applicant's copy of the application the request may act for; a decision document is staff-only.</summary>
    private static async Task<IResult> ApplicantDownloadAsync(Guid id, PortalContext portal, ApplicantAccess access, FileStore store, TimeProvider clock, IOptions<MadoguchiOptions> options, CancellationToken ct)
    {
        if (await ApplicantAsync(portal, access, options, ct) is not { } found)
        {
            return portal.NotFound();
        }

        var document = await portal.Db.IssuedDocuments.AsNoTracking()
            .SingleOrDefaultAsync(d => d.Id == id && d.ApplicationId == found.Application.Id && d.Kind != IssuedDocumentKind.Decision, ct);
        return document is null ? portal.NotFound() : await SendAsync(portal.Http, portal.Db, store, clock, document, found.Actor, ct);
    }

    private static async Task<ApplicationAccess?> ApplicantAsync(PortalContext portal, ApplicantAccess access, IOptions<MadoguchiOptions> options, CancellationToken ct)
    {
        if (await portal.RejectForgeryAsync() is not null)
        {
            return null;
        }

        var form = await portal.Http.Request.ReadFormAsync(ct);
        if (!await portal.EnterAsync(form["tenant"].ToString() is { Length: > 0 } t ? t : options.Value.DefaultTenant, ct))
        {
            return null;
        }

        return await access.ForAsync(form["receipt"].ToString(), form["code"].ToString(), ct);
    }

    private static async Task<IResult> StaffDownloadAsync(Guid id, HttpContext http, AppDbContext db, FileStore store, TimeProvider clock, CancellationToken ct)
    {
        var document = await db.IssuedDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
        return document is null ? Results.NotFound() : await SendAsync(http, db, store, clock, document, Integration.ApiEndpoints.Actor(http.User), ct);
    }

    /// <summary>Always a download (never shown inline), audit-logged with who and which document only.</summary>
    private static async Task<IResult> SendAsync(HttpContext http, AppDbContext db, FileStore store, TimeProvider clock, IssuedDocument document, string actor, CancellationToken ct)
    {
        db.AuditRecords.Add(new AuditRecord
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = actor,
            Action = "document.downloaded",
            EntityType = "application",
            EntityId = document.ApplicationId.ToString(),
            Details = JsonSerializer.Serialize(new { documentId = document.Id, kind = DocumentIssuer.KindName(document.Kind), revision = document.Revision }),
        });
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(document.FileName);
        http.Response.Headers.ContentDisposition = disposition.ToString();
        return Results.Stream(store.OpenRead(document.StorageKey), "application/pdf");
    }

    private static async Task<IResult> VerifyFormAsync(string tenant, PortalContext portal, CancellationToken ct)
    {
        if (!await portal.EnterAsync(tenant, ct))
        {
            return portal.NotFound();
        }

        return portal.Page<VerifyPage>(new { Model = new VerifyModel(portal.Chrome(), null, null) });
    }

    private static async Task<IResult> VerifyUploadAsync(string tenant, PortalContext portal, DocumentVerification verification, CancellationToken ct)
    {
        if (!await portal.EnterAsync(tenant, ct))
        {
            return portal.NotFound();
        }

        if (await portal.RejectForgeryAsync() is { } forged)
        {
            return forged;
        }

        var (file, error) = await ReadUploadAsync(portal.Http.Request, ct);
        if (file is null)
        {
            return portal.Page<VerifyPage>(new { Model = new VerifyModel(portal.Chrome(), null, error!.For(UiText.CurrentLanguage)) }, StatusCodes.Status422UnprocessableEntity);
        }

        var report = await verification.VerifyAsync(portal.Chrome().Tenant.Id, file, ct);
        return portal.Page<VerifyPage>(new { Model = new VerifyModel(portal.Chrome(), report, null) });
    }

    /// <summary>The API form of /verify: multipart with one file named "file"; the tenant is the <c>tenant</c> query parameter (default tenant otherwise).</summary>
    private static async Task<IResult> VerifyApiAsync(HttpRequest request, string? tenant, TenantDirectory tenants, TenantScope scope, DocumentVerification verification, IOptions<MadoguchiOptions> options, CancellationToken ct)
    {
        var info = await tenants.FindAsync(tenant is { Length: > 0 } t ? t : options.Value.DefaultTenant, ct);
        if (info is null)
        {
            return Integration.ApiEndpoints.Problem(StatusCodes.Status404NotFound, "tenantNotFound", "指定の団体（tenant）がありません。", "No such tenant.");
        }

        scope.Set(info.Id);
        var (file, error) = await ReadUploadAsync(request, ct);
        if (file is null)
        {
            return Integration.ApiEndpoints.Problem(error == TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
                error == TooLarge ? "fileTooLarge" : "fileRequired", error!.Ja, error.En ?? error.Ja);
        }

        var report = await verification.VerifyAsync(info.Id, file, ct);
        return TypedResults.Ok(new VerifyResponse(
            report.VerdictCode, report.Genuine, report.Message.Ja, report.Message.En ?? report.Message.Ja, report.Sha256,
            report.Kind is { } k ? DocumentIssuer.KindName(k) : null, report.IssuedAt, report.Organisation, report.Superseded,
            [.. report.Signers.Select(s => new VerifySigner(s.Name, s.SigningTime, s.Valid, s.ByOrganisation))]));
    }

    private static readonly Madoguchi.Core.Procedures.LocalizedText TooLarge = new(
        "ファイルが大きすぎます（20 MB まで）。発行された PDF ファイルを選んでください。", "The file is too large (20 MB at most). Choose the PDF file that was issued.");

    private static readonly Madoguchi.Core.Procedures.LocalizedText NoFile = new(
        "確認する PDF ファイルを選んでください（項目「file」）。", "Choose the PDF file to check (field \"file\").");

    private static async Task<(byte[]? File, Madoguchi.Core.Procedures.LocalizedText? Error)> ReadUploadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return (null, NoFile);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException)
        {
            return (null, TooLarge);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge);
        }

        var upload = form.Files.GetFile("file");
        if (upload is null || upload.Length == 0)
        {
            return (null, NoFile);
        }

        if (upload.Length > DocumentVerification.MaxBytes)
        {
            return (null, TooLarge);
        }

        using var buffer = new MemoryStream((int)upload.Length);
        await using (var stream = upload.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, ct);
        }

        return (buffer.ToArray(), null);
    }
}

public sealed record VerifyModel(PortalChrome Chrome, VerificationReport? Report, string? Error);

/// <summary>The verification API's answer: <c>verdict</c> is genuine, notPdf, modified, otherSigner or notIssuedHere.</summary>
public sealed record VerifyResponse(string Verdict, bool Genuine, string Ja, string En, string Sha256, string? Kind, DateTime? IssuedAt, string? Organisation, bool Superseded, IReadOnlyList<VerifySigner> Signers);

public sealed record VerifySigner(string? Name, DateTimeOffset? SigningTime, bool Valid, bool ByOrganisation);
