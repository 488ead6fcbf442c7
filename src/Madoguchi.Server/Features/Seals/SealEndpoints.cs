using System.Security.Claims;
using Madoguchi.Data.Entities;
using Madoguchi.Documents.Seals;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Madoguchi.Server.Features.Seals;

public sealed record SealPageModel(
    SealOwnerKind Kind,
    Microsoft.AspNetCore.Antiforgery.AntiforgeryTokenSet Csrf,
    bool IsAdmin,
    SealImageRecord? Upload,
    string SealText,
    string ImageUrl,
    string ActionBase)
{
    public string? OfficeText { get; init; }
    public string? Message { get; init; }
    public string? Error { get; init; }

    /// <summary>The id of the input the error belongs to (<c>seal-file</c> or <c>seal-office</c>).</summary>
    public string? ErrorTarget { get; init; }
}

/// <summary>
/// Seal pages for staff: <c>/staff/profile/seal</c> (each staff member's own 認印) and <c>/staff/admin/seal</c>
/// (the organisation's 角印/公印, administrators only). Plain forms with antiforgery, post/redirect/get.
/// </summary>
public static class SealEndpoints
{
    public const string ProfilePath = "/staff/profile/seal";
    public const string AdminPath = "/staff/admin/seal";

    public static void AddSeals(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SealStore>();
        builder.Services.AddScoped<ProcedureTemplates>();
    }

    public static void MapSeals(this WebApplication app)
    {
        var personal = app.MapGroup(ProfilePath).RequireAuthorization(Policies.Staff).ExcludeFromDescription().DisableAntiforgery();
        personal.MapGet("/", (HttpContext http, IAntiforgery af, SealStore seals, UiText ui, string? done, CancellationToken ct) => PageAsync(SealOwnerKind.Personal, http, af, seals, ui, Done(ui, done), null, null, ct));
        personal.MapGet("/image", (HttpContext http, SealStore seals, CancellationToken ct) => ImageAsync(SealOwnerKind.Personal, http, seals, ct));
        personal.MapPost("/upload", (HttpContext http, IAntiforgery af, SealStore seals, UiText ui, CancellationToken ct) => UploadAsync(SealOwnerKind.Personal, http, af, seals, ui, ct))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(SealPng.MaxBytes + (64 * 1024)));
        personal.MapPost("/remove", (HttpContext http, IAntiforgery af, SealStore seals, CancellationToken ct) => RemoveAsync(SealOwnerKind.Personal, http, af, seals, ct));

        var official = app.MapGroup(AdminPath).RequireAuthorization(Policies.Admin).ExcludeFromDescription().DisableAntiforgery();
        official.MapGet("/", (HttpContext http, IAntiforgery af, SealStore seals, UiText ui, string? done, CancellationToken ct) => PageAsync(SealOwnerKind.Official, http, af, seals, ui, Done(ui, done), null, null, ct));
        official.MapGet("/image", (HttpContext http, SealStore seals, CancellationToken ct) => ImageAsync(SealOwnerKind.Official, http, seals, ct));
        official.MapPost("/upload", (HttpContext http, IAntiforgery af, SealStore seals, UiText ui, CancellationToken ct) => UploadAsync(SealOwnerKind.Official, http, af, seals, ui, ct))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(SealPng.MaxBytes + (64 * 1024)));
        official.MapPost("/remove", (HttpContext http, IAntiforgery af, SealStore seals, CancellationToken ct) => RemoveAsync(SealOwnerKind.Official, http, af, seals, ct));
        official.MapPost("/office", OfficeAsync);
    }

    private static string? Done(UiText ui, string? done) => done switch
    {
        "uploaded" => ui.Get("seal.page.doneUploaded"),
        "removed" => ui.Get("seal.page.doneRemoved"),
        "office" => ui.Get("seal.page.doneOffice"),
        _ => null,
    };

    private static Guid UserId(HttpContext http) => Guid.Parse(http.User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    private static string Actor(HttpContext http) => "staff:" + http.User.FindFirstValue(ClaimTypes.NameIdentifier);

    private static string Base(SealOwnerKind kind) => kind == SealOwnerKind.Personal ? ProfilePath : AdminPath;

    private static async Task<string> SealTextAsync(SealOwnerKind kind, HttpContext http, SealStore seals, CancellationToken ct) =>
        kind == SealOwnerKind.Personal
            ? SealStore.FamilyName(http.User.FindFirstValue("madoguchi:display_name"))
            : await seals.OfficialTextAsync(ct);

    private static async Task<IResult> PageAsync(SealOwnerKind kind, HttpContext http, IAntiforgery af, SealStore seals, UiText ui, string? message, string? error, string? errorTarget, CancellationToken ct, int status = StatusCodes.Status200OK)
    {
        var upload = await seals.FindAsync(kind, kind == SealOwnerKind.Personal ? UserId(http) : null, ct);
        var text = await SealTextAsync(kind, http, seals, ct);
        var version = upload?.Sha256[..12] ?? Uri.EscapeDataString(text);
        var model = new SealPageModel(kind, af.GetAndStoreTokens(http), http.User.IsInRole(Roles.Admin), upload, text, $"{Base(kind)}/image?v={version}", Base(kind))
        {
            OfficeText = kind == SealOwnerKind.Official ? await seals.OfficeTextAsync(ct) : null,
            Message = message,
            Error = error,
            ErrorTarget = errorTarget,
        };
        http.Response.Headers.CacheControl = "no-store";
        return new RazorComponentResult<SealPage>(new { Model = model }) { StatusCode = status };
    }

    /// <summary>The seal as an image: the uploaded PNG as stored, or the generated seal as an SVG of filled outlines.</summary>
    private static async Task<IResult> ImageAsync(SealOwnerKind kind, HttpContext http, SealStore seals, CancellationToken ct)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = "private, no-store";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'none'; script-src 'none'; sandbox";
        headers.ContentDisposition = "inline; filename=\"seal" + (kind == SealOwnerKind.Personal ? "" : "-official") + "\"";
        var seal = kind == SealOwnerKind.Personal
            ? await seals.PersonalAsync(UserId(http), SealStore.FamilyName(http.User.FindFirstValue("madoguchi:display_name")), ct)
            : await seals.OfficialAsync(ct);
        return seal.Png is { } png
            ? Results.Bytes(png, "image/png")
            : Results.Text(SealSvg.Render(seal.Layout!), "image/svg+xml", System.Text.Encoding.UTF8);
    }

    private static async Task<IResult> UploadAsync(SealOwnerKind kind, HttpContext http, IAntiforgery af, SealStore seals, UiText ui, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType || !await af.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var form = await http.Request.ReadFormAsync(ct);
        var file = form.Files.GetFile("png");
        byte[] bytes = [];
        if (file is not null && file.Length <= SealPng.MaxBytes)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
        }
        else if (file is not null)
        {
            // Too large: report the size without reading it all.
            bytes = new byte[SealPng.MaxBytes + 1];
        }

        var problem = await seals.UploadAsync(kind, kind == SealOwnerKind.Personal ? UserId(http) : null, bytes, Actor(http), ct);
        return problem is null
            ? Results.Redirect(Base(kind) + "?done=uploaded")
            : await PageAsync(kind, http, af, seals, ui, null, problem.For(UiText.CurrentLanguage), "seal-file", ct, StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> RemoveAsync(SealOwnerKind kind, HttpContext http, IAntiforgery af, SealStore seals, CancellationToken ct)
    {
        if (!await af.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        await seals.RemoveAsync(kind, kind == SealOwnerKind.Personal ? UserId(http) : null, Actor(http), ct);
        return Results.Redirect(Base(kind) + "?done=removed");
    }

    private static async Task<IResult> OfficeAsync(HttpContext http, IAntiforgery af, SealStore seals, UiText ui, CancellationToken ct)
    {
        if (!await af.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var form = await http.Request.ReadFormAsync(ct);
        var problem = await seals.SetOfficeTextAsync(form["office"].ToString(), Actor(http), ct);
        return problem is null
            ? Results.Redirect(AdminPath + "?done=office")
            : await PageAsync(SealOwnerKind.Official, http, af, seals, ui, null, problem.For(UiText.CurrentLanguage), "seal-office", ct, StatusCodes.Status422UnprocessableEntity);
    }
}
