using System.Globalization;
using System.Security.Claims;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Features.Portal;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Madoguchi.Server.Features.Designer;

/// <summary>The designer's services and its one HTTP endpoint: the preview frame.</summary>
public static class DesignerEndpoints
{
    public const string PreviewPath = "/staff/designer-preview";

    public static void AddDesigner(this WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<DesignerPreviews>();

    public static void MapDesigner(this WebApplication app)
    {
        app.MapGet(PreviewPath + "/{key:guid}", Preview).RequireAuthorization(Policies.Staff).ExcludeFromDescription();
        app.MapGet(PreviewPath + "/{key:guid}/document/{kind}", DocumentPreviewAsync).RequireAuthorization(Policies.Staff).ExcludeFromDescription();
    }

    /// <summary>
    /// 「プレビュー」 of a document template in the designer: the definition open in that designer (its own template
    /// for the kind, or the built-in) rendered with sample data and the organisation's seal, as a PDF download.
    /// 422 with the problems as text when the template cannot be rendered.
    /// </summary>
    private static async Task<IResult> DocumentPreviewAsync(Guid key, string kind, HttpContext http, DesignerPreviews previews, Seals.SealStore seals, CancellationToken ct)
    {
        var user = http.User;
        if (!Guid.TryParse(user.FindFirst(TenantScope.ClaimType)?.Value, out var tenantId)
            || previews.Find(key, tenantId, user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "") is not { } entry
            || !Madoguchi.Core.Procedures.ProcedureDocuments.Kinds.Contains(kind))
        {
            return TypedResults.NotFound();
        }

        var definition = entry.Definition;
        var json = definition.Documents?.GetValueOrDefault(kind) is { ValueKind: System.Text.Json.JsonValueKind.Object } own ? own.GetRawText() : Seals.ProcedureTemplates.BuiltInJson(kind);
        var problems = Seals.ProcedureTemplates.Check(definition, kind, json, out var template);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (problems.Count > 0 || template is null)
        {
            var lines = problems.Select(p => $"{Seals.ProcedureTemplates.PathOf(kind, p.Path)}: {p.Message.For(UiText.CurrentLanguage)}");
            return Results.Text(string.Join("\n", lines), "text/plain", System.Text.Encoding.UTF8, StatusCodes.Status422UnprocessableEntity);
        }

        var pdf = Seals.ProcedureTemplates.Preview(definition, template, entry.Tenant.NameJa, await seals.OfficeTextAsync(ct) ?? "", await seals.OfficialAsync(ct));
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return Results.File(pdf, "application/pdf", $"preview-{kind}.pdf");
    }

    /// <summary>
    /// Renders the portal's own landing page (<paramref name="page"/> 0) or form page (1…n) for the definition open in
    /// a designer, exactly as an applicant would get it, for an iframe in that designer. The frame is inert: its
    /// policy allows no script and no form submission, and only our own pages may frame it.
    /// </summary>
    private static IResult Preview(Guid key, int? page, string? ui, HttpContext http, DesignerPreviews previews)
    {
        var user = http.User;
        if (!Guid.TryParse(user.FindFirst(TenantScope.ClaimType)?.Value, out var tenantId)
            || previews.Find(key, tenantId, user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "") is not { } entry)
        {
            return TypedResults.NotFound();
        }

        var language = ui == "en" ? "en" : "ja";
        var definition = entry.Definition;
        var chrome = new PortalChrome(entry.Tenant, language, "#", null);
        var index = Math.Clamp(page ?? 1, 0, definition.Pages.Count);
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; " +
            "form-action 'none'; frame-ancestors 'self'; base-uri 'self'; object-src 'none'";
        headers.CacheControl = "no-store";
        headers.XFrameOptions = "SAMEORIGIN"; // for browsers that do not read frame-ancestors

        IResult result = index == 0
            ? new RazorComponentResult<LandingPage>(new { Chrome = chrome, Definition = definition })
            : new RazorComponentResult<FormPage>(new
            {
                Model = new FormPageModel(chrome, definition, index - 1, new Dictionary<string, IReadOnlyList<string>>(), [], [], "#preview", Saved: false,
                    Rules: RuleView.Preview(definition, JapanTime.Today(TimeProvider.System))),
            });
        return new InCulture(CultureInfo.GetCultureInfo(language), result);
    }

    /// <summary>Renders in the preview's language without touching the designer's own language cookie.</summary>
    private sealed class InCulture(CultureInfo culture, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
